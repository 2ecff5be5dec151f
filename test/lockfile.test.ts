// `npm ci` rejects a lock that lacks any optional platform package, and some registries
// omit other platforms' binaries when the lock is written. scripts/complete-lockfile.mjs
// restores them; this test fails when an install dropped them again.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

it('the lock has an entry for every optional dependency', () => {
  const lock = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { optionalDependencies?: Record<string, string> }>;
  };
  const missing: string[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) {
      const nested = `${path ? `${path}/` : ''}node_modules/${dep}`;
      if (!lock.packages[nested] && !lock.packages[`node_modules/${dep}`])
        missing.push(`${dep} (for ${path || 'the root'})`);
    }
  }
  expect(missing, 'run: node scripts/complete-lockfile.mjs').toEqual([]);
});
