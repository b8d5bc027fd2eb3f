/**
 * The arrows only run downward: protocol/ imports nothing of ours; fsw/
 * imports protocol/ and itself; sim-hw/ imports protocol/, fsw/hal/ and
 * itself; ground/ imports protocol/ and itself. A forbidden import fails here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

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
  fsw: (target) => target.startsWith('protocol/') || target.startsWith('fsw/'),
  'sim-hw': (target) => target.startsWith('protocol/') || target.startsWith('fsw/hal/') || target.startsWith('sim-hw/'),
  ground: (target) => target.startsWith('protocol/') || target.startsWith('ground/'),
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
