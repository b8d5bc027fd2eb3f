#!/usr/bin/env node
import { runEntry } from './run.js';

await runEntry('mission/run/main.js');
