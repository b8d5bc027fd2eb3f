/** `npx campaign worker ...` (worker-main.ts); the campaign itself runs with `make campaign` (main.ts). */
import { workerMain } from './worker-main.js';

const [verb, ...rest] = process.argv.slice(2);
if (verb === 'worker') process.exitCode = await workerMain(rest);
else {
  process.stderr.write(
    `campaign: ${verb === undefined ? 'no verb' : `unknown verb "${verb}"`}: use \`campaign worker --nats URL\` (a worker process); the campaign itself: make campaign [SEED=n RUNS=n NATS=URL] (test/property/README.md)\n`,
  );
  process.exitCode = 2;
}
