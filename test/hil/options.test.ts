/**
 * `hil`'s options with and without a fleet: the ports of one spacecraft are
 * free ones in a fleet, and what a fleet cannot take is refused naming the
 * option (one line, exit 2).
 */
import { describe, expect, it } from 'vitest';
import { fleetMembers } from '../../hil/fleet-members.js';
import { FLEET_SIZE_MAX, HilUsageError, parseHilOptions } from '../../hil/options.js';
import { runBin } from '../helpers/cli.js';

const refusal = (argv: string[]): string => {
  try {
    parseHilOptions(argv);
  } catch (error) {
    if (error instanceof HilUsageError) return error.message;
    throw error;
  }
  throw new Error(`${argv.join(' ')} was not refused`);
};

describe('hil: options', () => {
  it("without --fleet the options are as before: each program's default ports, no fleet, --stations refused", () => {
    const options = parseHilOptions([])!;
    expect(options.ports).toEqual({ hardware: 5700, control: 5701, fswTc: 5800, relayDownlink: 5801, groundTm: 10016, relayUplink: 10017, api: 8090 });
    expect([options.fleet, options.stations]).toEqual([null, null]);
    expect(parseHilOptions(['--hw-port', '6000', '--beta-deg=-30'])!.ports.hardware).toBe(6000);
    expect(parseHilOptions(['--beta-deg=-30'])!.simArgs).toEqual(['--beta-deg=-30']);
    expect(refusal(['--stations', 'net.json'])).toBe('--stations is the network of a fleet: give the fleet with --fleet SPEC');
  });

  it('with --fleet the ports of one spacecraft are free ones, and what a fleet cannot take is refused naming the option', async () => {
    const options = parseHilOptions(['--fleet', 'walker:1/2', '--stations', 'net.json', '--seed', '4', '--tm-port', '0'])!;
    expect(options.fleet).toBe('walker:1/2');
    expect(options.stations).toBe('net.json');
    expect(options.ports).toEqual({ hardware: 0, control: 0, fswTc: 0, relayDownlink: 0, groundTm: 0, relayUplink: 0, api: 8090 });
    expect(options.simArgs).toEqual(['--seed=4']);
    // 0 is what a fleet does anyway: accepted (the tests pass every port as 0)
    expect(parseHilOptions(['--fleet', 'walker:1/2', '--hw-port', '0', '--relay-uplink-port', '0'])!.ports.hardware).toBe(0);
    for (const option of ['--hw-port', '--control-port', '--fsw-tc-port', '--relay-downlink-port', '--relay-uplink-port'])
      expect(refusal(['--fleet', 'walker:1/2', option, '7000'])).toBe(
        `${option} 7000 is for one spacecraft: with --fleet every spacecraft has its own free ports (leave it out, or give 0)`,
      );
    expect(refusal(['--fleet', 'walker:1/2', '--beta-deg', '30'])).toBe("--beta-deg is not for a fleet: each spacecraft's orbit comes from the fleet spec");
    expect(refusal(['--fleet', ' '])).toBe('--fleet needs a spec: a fleet file, cluster:N or walker:PLANES/PER_PLANE');
    const cli = await runBin('hil', ['--fleet', 'walker:1/2', '--hw-port', '5700']);
    expect([cli.code, cli.stderr.trim().split('\n')]).toEqual([
      2,
      ['hil: --hw-port 5700 is for one spacecraft: with --fleet every spacecraft has its own free ports (leave it out, or give 0) (see: hil --help)'],
    ]);
    const unknown = await runBin('hil', ['--fleet', 'walker:0/2']);
    expect([unknown.code, unknown.stderr.trim().split('\n')]).toEqual([
      2,
      ['hil: fleet walker:0/2: planes and members per plane must be >= 1 and at most 1023 in all (see: hil --help)'],
    ]);
  });

  it('a fleet spec gives each member its name and id; one that does not resolve, or is larger than hil runs, is refused', () => {
    expect(fleetMembers('walker:1/2')).toEqual([
      { name: 'walker-1-1', spacecraftId: 1 },
      { name: 'walker-1-2', spacecraftId: 2 },
    ]);
    const file = JSON.stringify({ spacecraft: [{ name: 'alpha', spacecraftId: 40, orbit: { elements: {} } }] });
    expect(fleetMembers('f.json', () => file)).toEqual([{ name: 'alpha', spacecraftId: 40 }]);
    expect(() => fleetMembers('/nonexistent.json')).toThrow(new HilUsageError('fleet file /nonexistent.json cannot be read: ENOENT'));
    expect(() => fleetMembers('cluster:17')).toThrow(
      new HilUsageError(`--fleet cluster:17 has 17 spacecraft: hil runs at most ${FLEET_SIZE_MAX} (three processes each) on this machine`),
    );
  });
});
