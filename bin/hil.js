#!/usr/bin/env node
import { runEntry } from './run.js';

await runEntry('hil/main.js');
