/**
 * fast-check settings for every test: FC_SEED replays a failure (fast-check
 * prints the seed and path of every counterexample), FC_RUNS scales the runs.
 */
import fc from 'fast-check';

const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const runs = process.env.FC_RUNS === undefined ? undefined : Number(process.env.FC_RUNS);

fc.configureGlobal({
  ...(seed !== undefined && Number.isInteger(seed) ? { seed } : {}),
  ...(runs !== undefined && Number.isInteger(runs) && runs > 0 ? { numRuns: runs } : {}),
  ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}),
});
