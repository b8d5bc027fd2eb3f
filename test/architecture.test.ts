/**
 * The house rules the README states, kept by tests instead of review:
 * - layering: the arrows only run downward (protocol/ imports nothing of
 *   ours; astro/ imports protocol/ and itself; fsw/ imports protocol/ and itself; sim-hw/ imports
 *   protocol/, astro/, fsw/hal/ and itself; ground/ imports protocol/,
 *   astro/ and itself);
 * - the onboard modules never import each other;
 * - no wall clock, timers or Math.random in fsw/, sim-hw/ and astro/ outside the
 *   named process entry points and the HIL pacing;
 * - every record id of the flight software as built starts with its
 *   owner module's name;
 * - requirement ids are unique across every README, and every test a
 *   requirement names exists.
 * Each failure says what to do.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';
import { testStack } from './helpers/ground.js';

function sources(dir: string): string[] {
  const full = join(ROOT, dir);
  return readdirSync(full).flatMap((name) => {
    const path = join(full, name);
    if (statSync(path).isDirectory()) return sources(join(dir, name));
    return name.endsWith('.ts') ? [join(dir, name)] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((match) => relative(ROOT, resolve(dirname(join(ROOT, file)), match[1]!)));
}

const RULES: Record<string, (target: string) => boolean> = {
  protocol: (target) => target.startsWith('protocol/'),
  astro: (target) => target.startsWith('protocol/') || target.startsWith('astro/'),
  fsw: (target) => target.startsWith('protocol/') || target.startsWith('fsw/'),
  'sim-hw': (target) => target.startsWith('protocol/') || target.startsWith('astro/') || target.startsWith('fsw/hal/') || target.startsWith('sim-hw/'),
  ground: (target) => target.startsWith('protocol/') || target.startsWith('astro/') || target.startsWith('ground/'),
};

describe('layering', () => {
  for (const [layer, allowed] of Object.entries(RULES)) {
    it(`${layer}/ imports only what it may`, () => {
      const files = sources(layer);
      expect(files.length).toBeGreaterThan(0);
      const violations = files.flatMap((file) =>
        imports(file)
          .filter((target) => !allowed(target))
          .map((target) => `${file} -> ${target}`),
      );
      expect(violations).toEqual([]);
    });
  }
});

/** The onboard modules: each imports the core (executive, hal, storage, common), protocol/ and itself, never another one. */
const ONBOARD = ['power', 'thermal', 'memory', 'jobs'];
const CORE = ['fsw/executive/', 'fsw/hal/', 'fsw/storage/', 'fsw/common/', 'protocol/'];

describe('onboard modules', () => {
  for (const module of ONBOARD) {
    it(`fsw/${module}/ imports no other onboard module`, () => {
      const violations = sources(`fsw/${module}`).flatMap((file) =>
        imports(file)
          .filter((target) => !target.startsWith(`fsw/${module}/`) && !CORE.some((core) => target.startsWith(core)))
          .map((target) => `${file} -> ${target}`),
      );
      expect(
        violations,
        'modules meet only in the executive: publish a value (fsw/executive published values) or request an actuator instead of importing another module',
      ).toEqual([]);
    });
  }
});

/**
 * Where real time and unseeded randomness may be used: process entry points
 * and the pacing of the hardware-in-the-loop server and relay. Everything
 * else takes time from the SensorFrame (or an injected clock) and
 * randomness from the seeded streams of sim-hw/random.ts.
 */
/** The process entry points and the HIL pacing (the simulator's tick loop, the link relay's poll). */
const CLOCK_ALLOWED = [/^fsw\/main\.ts$/, /^sim-hw\/main\.ts$/, /^sim-hw\/server\/pacing\.ts$/, /^sim-hw\/link\/relay\.ts$/];
const CLOCK_CALLS = /\b(Date\.now|Math\.random|setTimeout|setInterval|setImmediate|performance\.now|new Date\(\))/;

describe('time and randomness', () => {
  for (const layer of ['fsw', 'sim-hw', 'astro']) {
    it(`${layer}/ reads no wall clock, starts no timer and draws no unseeded random number outside its entry points`, () => {
      const violations = sources(layer)
        .filter((file) => !CLOCK_ALLOWED.some((allowed) => allowed.test(file)))
        .flatMap((file) =>
          readFileSync(join(ROOT, file), 'utf8')
            .split('\n')
            .flatMap((line, index) => (CLOCK_CALLS.test(line.replace(/\/\/.*$/, '')) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
        );
      expect(
        violations,
        'take time from the SensorFrame (or an injected clock) and randomness from sim-hw/random.ts streams; only process entry points and HIL pacing may use the wall clock (add such a file to CLOCK_ALLOWED with its reason)',
      ).toEqual([]);
    });
  }
});

function readmes(dir = ''): string[] {
  const full = join(ROOT, dir);
  return readdirSync(full).flatMap((name) => {
    if (['node_modules', 'dist', 'out', '.git'].includes(name)) return [];
    const path = join(full, name);
    if (statSync(path).isDirectory()) return readmes(join(dir, name));
    return name === 'README.md' ? [join(dir, name)] : [];
  });
}

/** Every row of a requirements table: `| ID-NNN | requirement | verified by |`. */
function requirements(): Array<{ file: string; id: string; verifiedBy: string }> {
  return readmes().flatMap((file) =>
    [...readFileSync(join(ROOT, file), 'utf8').matchAll(/^\| ([A-Z]{2,5}-\d{3}) \|.*\| ([^|]*(?:\\\|[^|]*)*) \|\s*$/gm)].map((match) => ({
      file,
      id: match[1]!,
      verifiedBy: match[2]!,
    })),
  );
}

/** Every test file's text (with the escapes of its quotes undone), and its titles written as templates (`... ${x} ...`) as patterns. */
function testSources(): { text: string; templates: RegExp[] } {
  const text = sources('test')
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => readFileSync(join(ROOT, file), 'utf8').replace(/\\(['"`])/g, '$1'))
    .join('\n');
  const templates = [...text.matchAll(/\b(?:it|test|describe)(?:\.each\([^)]*\)|\.prop\([^)]*\))?\(\s*`([^`]*\$\{[^`]*)`/g)].map(
    (match) =>
      new RegExp(
        `^${match[1]!
          .split(/\$\{[^}]*\}/)
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('.+')}$`,
      ),
  );
  // it.each titles: '%s' and its kin stand for each case.
  const each = [...text.matchAll(/(['"])((?:(?!\1)[^\n])*%[sdijo#](?:(?!\1)[^\n])*)\1/g)].map(
    (match) =>
      new RegExp(
        `^${match[2]!
          .split(/%[sdijo#]/)
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('.+')}$`,
      ),
  );
  return { text, templates: [...templates, ...each] };
}

describe('requirements', () => {
  it('ids are unique across every README', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const { file, id } of requirements()) {
      if (seen.has(id)) clashes.push(`${id} in ${file} and ${seen.get(id)}`);
      else seen.set(id, file);
    }
    expect(seen.size).toBeGreaterThan(100);
    expect(clashes, 'give each requirement an id no other README uses').toEqual([]);
  });

  it('every test a requirement names, by its quoted title, exists', () => {
    const tests = testSources();
    const missing = requirements().flatMap(({ file, id, verifiedBy }) =>
      [...verifiedBy.matchAll(/"((?:[^"\\]|\\.)+)"/g)]
        .map((match) => match[1]!.replace(/\\(.)/g, '$1'))
        .filter((title) => !tests.text.includes(title) && !tests.templates.some((template) => template.test(title)))
        .map((title) => `${file} ${id}: "${title}"`),
    );
    expect(missing, 'quote the test title exactly as the test file writes it (or rename the test), so that the requirement points at a test that runs').toEqual(
      [],
    );
  });
});

describe('records', () => {
  it('every record of the flight software as built starts with its owner module name', () => {
    const { executive } = testStack().fsw;
    const owners = new Map<string, string>(
      executive.modules.flatMap((flying) => (flying.module.records ?? []).map((record) => [record.id, flying.name] as const)),
    );
    const placed = executive.store.allPlacements().map((placement) => placement.id);
    expect(placed.length, 'the flight software declares records').toBeGreaterThan(0);
    const violations = placed.filter((id) => !id.startsWith(`${owners.get(id)}.`)).map((id) => `${id} (declared by ${owners.get(id) ?? 'nobody'})`);
    expect(violations, 'name each record "<owner module>.<what>" and declare it in its owner module').toEqual([]);
  });
});

describe('one home for each shared fact', () => {
  it('mission/ reaches the ground only through its public entry, ground/index.ts', () => {
    const violations = sources('mission').flatMap((file) =>
      imports(file)
        .filter((target) => target.startsWith('ground/') && target !== 'ground/index.js')
        .map((target) => `${file} -> ${target}`),
    );
    expect(violations, 'export what mission/ needs from ground/index.ts and import it from there').toEqual([]);
  });

  it('mission/ reaches the simulator only through its public entry, sim-hw/index.ts', () => {
    const violations = sources('mission').flatMap((file) =>
      imports(file)
        .filter((target) => target.startsWith('sim-hw/') && target !== 'sim-hw/index.js')
        .map((target) => `${file} -> ${target}`),
    );
    expect(violations, 'export what mission/ needs from sim-hw/index.ts and import it from there').toEqual([]);
  });

  it('no API path is spelled in ground/ outside the route table, ground/api/routes.ts', () => {
    const violations = sources('ground')
      .filter((file) => file !== 'ground/api/routes.ts')
      .flatMap((file) =>
        readFileSync(join(ROOT, file), 'utf8')
          .split('\n')
          .flatMap((line, index) => (/['"`]\/api\//.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
      );
    expect(violations, 'name the route of ROUTES (ground/api/routes.ts) and build its path with routePath()').toEqual([]);
  });

  it('the ground commander runs on its injected scheduler, not on timers of its own', () => {
    const text = readFileSync(join(ROOT, 'ground/server/commander.ts'), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
    expect(
      /\b(setTimeout|setInterval|Date\.now)\b/.test(text),
      'schedule through the SchedulerLike the commander is given (asyncScheduler in the server, mission time in the mission runner)',
    ).toBe(false);
  });
});
