/**
 * `npx campaign worker --nats URL [--ack-wait-s S] [--name NAME]`: a
 * campaign worker process (bus-worker.ts) until SIGINT or SIGTERM. Start
 * any number, on any machine that reaches the NATS server; `make campaign
 * NATS=URL` hands them its scenarios. This is a process entry point.
 */
import { parseArgs } from 'node:util';
import { NatsBus, natsUrlOf } from '../../ground/index.js';
import { campaignWorker, DEFAULT_ACK_WAIT_S } from './bus-worker.js';

export const WORKER_HELP = `Usage: campaign worker --nats URL [--ack-wait-s S] [--name NAME]

Takes the fault campaign's scenarios from the NATS server (JetStream work
queue CAMPAIGN_TASKS), flies each one and publishes its verdict; runs
until Ctrl-C. Start one per core, on as many machines as you like; a
worker killed mid-scenario loses nothing: its scenario goes to another
worker after the ack wait.

Options:
  --nats URL       the NATS server (default: $NATS_URL)
  --ack-wait-s S   how long a scenario taken may go unfinished before another
                   worker gets it (default ${DEFAULT_ACK_WAIT_S}; set when the workers' consumer is first made)
  --name NAME      this worker's name in the coordinator's tally (default HOST:PID)
  --help           this text

Exit codes: 0 stopped, 2 bad option, 3 no NATS server.`;

export async function workerMain(argv: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { nats: { type: 'string' }, 'ack-wait-s': { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`campaign worker: ${(error as Error).message.split('\n')[0]} (see: campaign worker --help)\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${WORKER_HELP}\n`);
    return 0;
  }
  const url = natsUrlOf(values.nats);
  if (!url.ok) {
    process.stderr.write(`campaign worker: ${url.error}\n`);
    return 2;
  }
  if (url.value === null) {
    process.stderr.write('campaign worker: needs a NATS server: --nats URL or NATS_URL (see: campaign worker --help)\n');
    return 2;
  }
  const ackWaitS = values['ack-wait-s'] === undefined ? DEFAULT_ACK_WAIT_S : Number(values['ack-wait-s']);
  if (!(Number.isFinite(ackWaitS) && ackWaitS > 0)) {
    process.stderr.write(`campaign worker: --ack-wait-s ${values['ack-wait-s']} is not a positive number of seconds\n`);
    return 2;
  }
  const bus = await NatsBus.open(url.value, 'campaign-worker');
  if (!bus.ok) {
    process.stderr.write(`campaign worker: ${bus.error}\n`);
    return 3;
  }
  const worker = await campaignWorker(bus.value, {
    ackWaitS,
    ...(values.name ? { name: values.name } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stderr.write(`campaign worker: taking scenarios from ${url.value} (Ctrl-C stops)\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await worker.stop();
  await bus.value.close();
  process.stderr.write(`campaign worker: stopped after ${worker.flown()} scenarios\n`);
  return 0;
}
