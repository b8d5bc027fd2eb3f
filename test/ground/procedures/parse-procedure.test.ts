import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProcedure } from '../../../ground/procedures/parse-procedure.js';
import { DEFAULT_WAIT_TIMEOUT_S } from '../../../ground/procedures/steps.js';
import { tokenize } from '../../../ground/procedures/tokenize.js';

const EXAMPLE = `# bring the node to NOMINAL and check the bus
log starting checkout   # a trailing comment

send noop
send set_mode mode=NOMINAL
wait executive_hk.mode == NOMINAL timeout 30
check power_hk.busVoltageV >= 26
check executive_hk.watchdogStroking == true
sleep 2.5
wait power_hk.socPct > 40
send reset_computer --confirm --no-wait
`;

describe('procedure parser', () => {
  it('parses every kind of step, skipping comments and blank lines, keeping each line number', () => {
    const parsed = parseProcedure(EXAMPLE);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.steps.map((step) => [step.line, step.kind])).toEqual([
      [2, 'log'],
      [4, 'send'],
      [5, 'send'],
      [6, 'wait'],
      [7, 'check'],
      [8, 'check'],
      [9, 'sleep'],
      [10, 'wait'],
      [11, 'send'],
    ]);
    expect(parsed.steps[0]).toMatchObject({ message: 'starting checkout', text: 'log starting checkout' });
    expect(parsed.steps[2]).toMatchObject({ request: { name: 'set_mode', args: { mode: 'NOMINAL' } }, wait: true });
    expect(parsed.steps[3]).toMatchObject({ condition: { ref: { packet: 'executive_hk', field: 'mode' }, op: '==', value: 'NOMINAL' }, timeoutS: 30 });
    expect(parsed.steps[4]).toMatchObject({ condition: { op: '>=', value: 26 } });
    expect(parsed.steps[5]).toMatchObject({ condition: { value: true } });
    expect(parsed.steps[6]).toMatchObject({ seconds: 2.5 });
    expect(parsed.steps[7]).toMatchObject({ timeoutS: DEFAULT_WAIT_TIMEOUT_S });
    expect(parsed.steps[8]).toMatchObject({ request: { name: 'reset_computer', confirm: true }, wait: false });
  });

  it.each([
    ['frobnicate now', /"frobnicate" is not a step/],
    ['send nop', /unknown command "nop"; did you mean "noop"/],
    ['send set_mode mode=FAST', /argument "mode": "FAST" is not one of SAFE, NOMINAL/],
    ['send set_mode', /set_mode needs mode=/],
    ['send reset_computer', /reset_computer is hazardous: add --confirm/],
    ['send noop --later', /send takes --confirm and --no-wait, not --later/],
    ['check power_hk.voltage > 3', /power_hk has no field "voltage"; it has .*busVoltageV/],
    ['check pwr_hk.socPct > 3', /unknown telemetry packet "pwr_hk"/],
    ['check power_hk.socPct ~ 3', /"~" is not an operator/],
    ['check power_hk.socPct > lots', /"lots" is not a number/],
    ['check executive_hk.mode > SAFE', /only == and != compare a string field/],
    ['check executive_hk.mode == FAST', /"FAST" is not one of BOOT, SAFE, NOMINAL/],
    ['check power_hk.socPct', /check needs <packet.field> <op> <value>/],
    ['wait power_hk.socPct > 3 timeout soon', /"soon" is not a number of seconds/],
    ['wait power_hk.socPct > 3 until 5', /"until" where "timeout" was expected/],
    ['sleep -1', /"-1" is not a number of seconds/],
    ['log "unclosed', /quoted word is not closed/],
  ])('refuses %j naming its line', (line, error) => {
    const parsed = parseProcedure(`# header\nsend noop\n${line}\nsend noop\n`);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]!.line).toBe(3);
    expect(parsed.errors[0]!.error).toMatch(error);
  });

  it('reports every error of a file, each with its line, not only the first', () => {
    const parsed = parseProcedure('send nop\nlog fine\nsleep x\nfrobnicate\nsend noop\n');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((error) => error.line)).toEqual([1, 3, 4]);
    expect(parsed.more).toBe(0);
  });

  it('keeps quoted words whole, with escapes, and treats # inside quotes as text', () => {
    const parsed = tokenize('send routine_add id=1 cron="0 */10 * * * *" command=noop # every ten minutes');
    expect(parsed).toEqual({
      ok: true,
      value: {
        words: ['send', 'routine_add', 'id=1', 'cron=0 */10 * * * *', 'command=noop'],
        code: 'send routine_add id=1 cron="0 */10 * * * *" command=noop',
      },
    });
    expect(tokenize('log "a \\"b\\" #c"')).toEqual({ ok: true, value: { words: ['log', 'a "b" #c'], code: 'log "a \\"b\\" #c"' } });
  });

  it('any word quoted with escapes tokenizes back to itself (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 0, maxLength: 12 }), { minLength: 1, maxLength: 6 }), (words) => {
        const line = words.map((word) => `"${word.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(' ');
        const tokens = tokenize(line);
        expect(tokens.ok && tokens.value.words).toEqual(words);
      }),
    );
  });

  it('numbers steps by their line among any comments and blank lines (property)', () => {
    const stepLine = fc.constantFrom('send noop', 'sleep 1', 'log hello', 'check power_hk.socPct > 10', 'wait executive_hk.uptimeS >= 5 timeout 9');
    const filler = fc.constantFrom('', '   ', '# comment', '\t# indented comment');
    const line = fc.oneof(
      stepLine.map((text) => ({ text, step: true })),
      filler.map((text) => ({ text, step: false })),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
        const parsed = parseProcedure(lines.map((l) => l.text).join('\n'));
        const expected = lines.flatMap((l, index) => (l.step ? [index + 1] : []));
        expect(parsed.ok && parsed.steps.map((step) => step.line)).toEqual(expected);
      }),
    );
  });
});
