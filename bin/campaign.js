#!/usr/bin/env node
import { runEntry } from './run.js';

await runEntry('mission/campaign/cli.js');
