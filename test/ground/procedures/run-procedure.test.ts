import { describe, expect, it } from 'vitest';
import { apiFailure } from '../../../ground/client/api-result.js';
import { parseProcedure } from '../../../ground/procedures/parse-procedure.js';
import { runProcedure, type ProcedureOutcome } from '../../../ground/procedures/run-procedure.js';
import { FakeGround, failsWith } from '../cli/fake-ground-api.js';

async function run(ground: FakeGround, source: string): Promise<{ outcome: ProcedureOutcome; log: string[] }> {
  const parsed = parseProcedure(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const log: string[] = [];
  const outcome = await runProcedure(parsed.steps, ground, { log: (line) => log.push(line), sleep: ground.sleep, nowMs: () => ground.nowMs, pollMs: 500 });
  return { outcome, log };
}

function groundWithTelemetry(): FakeGround {
  const ground = new FakeGround();
  // Uptime counts fake seconds; the state of charge falls 1 % a second from 60 %.
  ground.telemetry.set('executive_hk', (timeS) => ({ mode: timeS >= 3 ? 'NOMINAL' : 'SAFE', uptimeS: timeS }));
  ground.telemetry.set('power_hk', (timeS) => ({ socPct: 60 - timeS, busVoltageV: 28.2 }));
  return ground;
}

describe('procedure runner', () => {
  it('runs every step in order and passes, sending what the file says', async () => {
    const ground = groundWithTelemetry();
    const { outcome, log } = await run(
      ground,
      'log checkout\nsend noop\nsend set_mode mode=NOMINAL\nwait executive_hk.mode == NOMINAL timeout 10\ncheck power_hk.busVoltageV >= 26\nsleep 2\ncheck executive_hk.uptimeS >= 5\n',
    );
    expect(outcome.ok).toBe(true);
    expect(outcome.reports.map((r) => [r.line, r.ok])).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [4, true],
      [5, true],
      [6, true],
      [7, true],
    ]);
    expect(ground.sent).toEqual([
      { name: 'noop', args: {} },
      { name: 'set_mode', args: { mode: 'NOMINAL' } },
    ]);
    expect(log).toContain('  #2 set_mode completed (sent by tester)');
    expect(log.find((line) => line.startsWith('  saw executive_hk.mode = "NOMINAL"'))).toBeDefined();
  });

  it('stops at a failed check, naming its line and the value it saw, and runs nothing after it', async () => {
    const ground = groundWithTelemetry();
    const { outcome } = await run(ground, 'send noop\ncheck power_hk.socPct >= 90\nsend set_mode mode=SAFE\n');
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.failed).toMatchObject({ line: 2, text: 'check power_hk.socPct >= 90', ok: false });
    // The noop took three polls of 250 ms: 0.75 s of fake time, 0.75 % of charge.
    expect(outcome.failed.detail).toBe('saw power_hk.socPct = 59.25 at t=0.75 s');
    expect(ground.sent.map((r) => r.name)).toEqual(['noop']);
  });

  it('fails a wait whose condition does not come true within its timeout, with the last value', async () => {
    const ground = groundWithTelemetry();
    const { outcome } = await run(ground, 'wait power_hk.socPct > 70 timeout 5\n');
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.failed.line).toBe(1);
    expect(outcome.failed.detail).toMatch(/not met within 5 s: last saw power_hk.socPct = 5\d(\.\d+)? at t=/);
    expect(ground.nowMs).toBeGreaterThanOrEqual(5000);
  });

  it('fails a wait on a packet never received, saying so', async () => {
    const { outcome } = await run(new FakeGround(), 'wait thermal_hk.acceleratorC < 80 timeout 1\n');
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.failed.detail).toMatch(/no thermal_hk.acceleratorC received yet/);
  });

  it('stops at a command that fails on board, with its reason', async () => {
    const ground = groundWithTelemetry();
    ground.scripts.set('set_mode', failsWith('execution-failed', 'battery too low'));
    const { outcome } = await run(ground, 'send set_mode mode=NOMINAL\nlog never\n');
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.failed.detail).toBe('#1 set_mode failed: execution-failed (battery too low) (sent by tester)');
    expect(outcome.reports).toHaveLength(1);
  });

  it('stops with the API failure when the server is gone', async () => {
    const ground = groundWithTelemetry();
    ground.failure = apiFailure('unreachable', 0, 'no ground server answers at http://127.0.0.1:1 (ECONNREFUSED)');
    const { outcome } = await run(ground, 'check power_hk.socPct > 1\n');
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.apiFailure?.code).toBe('unreachable');
  });

  it('a send with --no-wait returns once the command is queued', async () => {
    const ground = groundWithTelemetry();
    ground.scripts.set('noop', failsWith('execution-failed', 'never looked at'));
    const { outcome } = await run(ground, 'send noop --no-wait\n');
    expect(outcome.ok).toBe(true);
    expect(outcome.reports[0]!.detail).toBe('#1 noop sent (sent by tester)');
  });
});
