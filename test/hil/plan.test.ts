/**
 * What `hil` starts each program with (hil/plan.ts), checked without a
 * process: one spacecraft as `make hil` has always started it, and a fleet:
 * each member its own simulator, relay and flight software, one ground.
 */
import { describe, expect, it } from 'vitest';
import { hilPlan, type SpacecraftPorts } from '../../hil/plan.js';
import { parseHilOptions } from '../../hil/options.js';

const DIR = '/state';

describe('hil: the plan of every program', () => {
  it('one spacecraft: the programs get the arguments make hil has always given them', () => {
    const options = parseHilOptions(['--key-file', '/k/keys.json', '--seed', '3', '--speed', 'max'])!;
    const own: SpacecraftPorts = { hardware: 5700, control: 5701, fswTc: 5800, relayDownlink: 5801, relayUplink: 10017 };
    const plan = hilPlan(options, null, { spacecraft: [own], groundTm: 10016, api: 8090 }, DIR);
    expect(plan.spacecraft).toHaveLength(1);
    const [one] = plan.spacecraft;
    expect(one!.member).toBeNull();
    expect(one!.sim).toEqual([
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      '5700',
      '--control-port',
      '5701',
      '--speed',
      'max',
      '--link',
      'relay',
      '--answer-timeout-ms',
      '1000',
      '--idle-speed',
      '1',
      '--seed=3',
    ]);
    expect(one!.relay).toEqual([
      'relay',
      '--host',
      '127.0.0.1',
      '--uplink-port',
      '10017',
      '--downlink-port',
      '5801',
      '--to-space',
      '127.0.0.1:5800',
      '--to-ground',
      '127.0.0.1:10016',
      '--control',
      '127.0.0.1:5701',
    ]);
    expect(one!.fsw).toEqual([
      '--hal',
      'tcp://127.0.0.1:5700',
      '--connect-timeout-s',
      '30',
      '--tc-host',
      '127.0.0.1',
      '--tc-port',
      '5800',
      '--tm-to',
      '127.0.0.1:5801',
      '--key-file',
      '/k/keys.json',
      '--nvm',
      '/state/fsw-nvm.bin',
    ]);
    expect(plan.ground).toEqual([
      'serve',
      '--host',
      '127.0.0.1',
      '--tm-port',
      '10016',
      '--tc-to',
      '127.0.0.1:10017',
      '--api-port',
      '8090',
      '--archive',
      '/state/ground-archive.sqlite',
      '--key-file',
      '/k/keys.json',
      '--retransmit-after-s',
      '5',
    ]);
  });

  it("a fleet: each member its own simulator, relay and flight software with its ports, id and NVM image; one ground with a --tc-to per member and every relay's telemetry", () => {
    const options = parseHilOptions(['--fleet', 'fleet.json', '--stations', 'net.json', '--link', 'station', '--key-file', '/k/keys.json', '--seed', '9'])!;
    const members = [
      { name: 'alpha', spacecraftId: 7 },
      { name: 'bravo', spacecraftId: 8 },
    ];
    const ports: SpacecraftPorts[] = [
      { hardware: 41001, control: 41002, fswTc: 41003, relayDownlink: 41004, relayUplink: 41005 },
      { hardware: 42001, control: 42002, fswTc: 42003, relayDownlink: 42004, relayUplink: 42005 },
    ];
    const plan = hilPlan(options, members, { spacecraft: ports, groundTm: 40000, api: 40001 }, DIR);
    expect(plan.spacecraft.map((planned) => planned.member)).toEqual(members);
    plan.spacecraft.forEach((planned, index) => {
      const own = ports[index]!;
      const { name, spacecraftId } = members[index]!;
      expect(planned.ports).toBe(own);
      expect(planned.sim).toEqual([
        'serve',
        '--host',
        '127.0.0.1',
        '--port',
        String(own.hardware),
        '--control-port',
        String(own.control),
        '--speed',
        '1',
        '--link',
        'station',
        '--answer-timeout-ms',
        '1000',
        '--idle-speed',
        '1',
        '--fleet',
        'fleet.json',
        '--sc',
        name,
        '--stations',
        'net.json',
        '--seed=9',
      ]);
      // telecommands in on its own uplink port, to its own flight software; telemetry to the one ground
      expect(planned.relay).toEqual([
        'relay',
        '--host',
        '127.0.0.1',
        '--uplink-port',
        String(own.relayUplink),
        '--downlink-port',
        String(own.relayDownlink),
        '--to-space',
        `127.0.0.1:${own.fswTc}`,
        '--to-ground',
        '127.0.0.1:40000',
        '--control',
        `127.0.0.1:${own.control}`,
      ]);
      expect(planned.fsw).toEqual([
        '--hal',
        `tcp://127.0.0.1:${own.hardware}`,
        '--connect-timeout-s',
        '30',
        '--tc-host',
        '127.0.0.1',
        '--tc-port',
        String(own.fswTc),
        '--tm-to',
        `127.0.0.1:${own.relayDownlink}`,
        '--key-file',
        '/k/keys.json',
        '--nvm',
        `/state/${name}/fsw-nvm.bin`,
        '--spacecraft-id',
        String(spacecraftId),
      ]);
    });
    expect(plan.ground).toEqual([
      'serve',
      '--host',
      '127.0.0.1',
      '--fleet',
      'fleet.json',
      '--stations',
      'net.json',
      '--link',
      'station',
      '--tm-port',
      '40000',
      '--tc-to',
      'alpha=127.0.0.1:41005',
      '--tc-to',
      'bravo=127.0.0.1:42005',
      '--api-port',
      '40001',
      '--archive',
      '/state/ground-archive',
      '--key-file',
      '/k/keys.json',
      '--retransmit-after-s',
      '5',
    ]);
    expect(() => hilPlan(options, members, { spacecraft: ports.slice(0, 1), groundTm: 40000, api: 40001 }, DIR)).toThrow(/ports for 1 spacecraft, the fleet 2/);
  });
});
