// Imports point one way: app → components → lib; inside lib, the engine, model and
// scenarios stay pure (no React, Next, React Flow or Node built-ins), so the same
// functions run in the CLI, the API routes and the browser.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  const abs = join(root, dir);
  let entries: string[];
  try {
    entries = readdirSync(abs);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(abs, name);
    if (statSync(path).isDirectory()) return sourceFiles(relative(root, path));
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [relative(root, path)] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(
    /(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
  )) {
    found.push((m[1] ?? m[2])!);
  }
  return found;
}

const pureDirs = ['lib/model', 'lib/engine', 'lib/scenarios', 'lib/tours'];
const forbiddenInPure =
  /^(react|react-dom|next|@xyflow\/|node:|fs$|path$|child_process$|http$|https$|better-sqlite3|pg$|@kubernetes\/)/;

describe('import rules', () => {
  it.each(pureDirs.flatMap((d) => sourceFiles(d)))('%s stays pure TypeScript', (file) => {
    const bad = importsOf(file).filter((spec) => forbiddenInPure.test(spec));
    expect(bad).toEqual([]);
  });

  it.each(sourceFiles('lib'))('%s does not import app/ or components/', (file) => {
    const bad = importsOf(file).filter(
      (spec) => /^(app|components)\//.test(spec) || /\.\.\/(\.\.\/)*(app|components)\//.test(spec),
    );
    expect(bad).toEqual([]);
  });

  it.each(sourceFiles('components'))('%s does not import app/', (file) => {
    const bad = importsOf(file).filter((spec) => /^app\//.test(spec) || /\.\.\/(\.\.\/)*app\//.test(spec));
    expect(bad).toEqual([]);
  });

  it('the engine, model and scenarios have no console calls', () => {
    const offenders = pureDirs
      .flatMap((d) => sourceFiles(d))
      .filter((f) => /\bconsole\.(log|warn|error|info|debug)\(/.test(readFileSync(join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
