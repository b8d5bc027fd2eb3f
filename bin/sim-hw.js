#!/usr/bin/env node
import { runEntry } from './run.js';

await runEntry('sim-hw/main.js');
