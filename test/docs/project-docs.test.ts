// CONTRIBUTING.md and docs/architecture.md name real files and functions: every path they
// quote exists, and every "`fn()` (`file`)" names a function that file defines.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = process.cwd();
const docs = ['CONTRIBUTING.md', 'docs/architecture.md'];

describe.each(docs)('%s', (doc) => {
  const text = readFileSync(join(root, doc), 'utf8');

  it('quotes only paths that exist', () => {
    const paths = [
      ...text.matchAll(
        /`((?:app|lib|bin|components|test|e2e|deploy|scripts|docs|public)\/[\w./*[\]-]*|[\w.-]+\.(?:ts|mjs|md|json))`/g,
      ),
    ]
      .map((m) => m[1]!)
      .filter((p) => !p.includes('*') && !p.includes('SLUG') && !p.includes('/x.'));
    expect(paths.length).toBeGreaterThan(5);
    for (const p of paths) {
      const candidates = [p, `lib/engine/findings/${p}`, `lib/engine/${p}`, `lib/server/${p}`];
      expect(
        candidates.some((c) => existsSync(join(root, c.replace(/\/$/, '')))),
        `${doc}: ${p}`,
      ).toBe(true);
    }
  });

  it('names functions where they are defined', () => {
    const pairs = [...text.matchAll(/`(\w+)\([^`]*\)`\s+\(`([\w/.[\]-]+\.ts)`/g)].map(
      (m) => [m[1]!, m[2]!] as const,
    );
    if (doc === 'docs/architecture.md') expect(pairs.length).toBeGreaterThan(6);
    for (const [fn, file] of pairs) {
      const source = readFileSync(join(root, file), 'utf8');
      expect(
        new RegExp(`(function|const|let) ${fn}\\b|^\\s+${fn}\\(`, 'm').test(source),
        `${doc}: ${fn} in ${file}`,
      ).toBe(true);
    }
  });
});
