/**
 * `make digests`: the yardstick of a change that must not alter behaviour.
 * Prints the telemetry SHA-256 of a fixed set of campaign scenarios (the
 * saved regressions, then RUNS short scenarios drawn from SEED) and one
 * SHA-256 over all of them, beside the default mission's digest (printed by
 * `npx mission --digest`). Same code, same figures, bit for bit.
 */
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { SHORT_PROFILE, scenarioArbitrary } from './arbitraries.js';
import { flyScenario } from './fly.js';
import { loadRegression, regressionFiles } from './regressions.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), fileURLToPath(import.meta.url).includes('/dist/') ? '../../..' : '../..');

const { values } = parseArgs({ options: { seed: { type: 'string', default: '1' }, runs: { type: 'string', default: '12' } } });
const seed = Number(values.seed);
const runs = Number(values.runs);
if (!Number.isInteger(seed) || !Number.isInteger(runs) || runs < 0) {
  process.stderr.write('digests: --seed and --runs must be integers\n');
  process.exit(2);
}
const all = createHash('sha256');
const scenarios = [
  ...regressionFiles(join(ROOT, 'test/property/regressions')).map((file) => ({ name: file.slice(file.lastIndexOf('/') + 1), scenario: loadRegression(file) })),
  ...fc.sample(scenarioArbitrary(SHORT_PROFILE), { seed, numRuns: runs }).map((scenario, index) => ({ name: `short seed ${seed} #${index}`, scenario })),
];
for (const { name, scenario } of scenarios) {
  const digest = flyScenario(scenario).telemetrySha256;
  all.update(digest);
  process.stdout.write(`${digest}  ${name}\n`);
}
process.stdout.write(`${all.digest('hex')}  campaign (${scenarios.length} scenarios)\n`);
