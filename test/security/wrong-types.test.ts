// Wrong types in every field: for one object of every kind the scenarios hold, each field
// (at any depth) in turn is given a value of the wrong type — a number for a string, a
// string for a number, a boolean, an object or a list — and the object is loaded alone as a
// `kind: List`. Each outcome is a model (the engine does not read that field) or an
// IngestError that names the file and the field or one of its parents
// (`items[0].spec.ports[0].port`); never a TypeError from deep in a builder. The CLI and the
// upload API say the same for one wrong field of every kind (test/security/hostile-input.test.ts
// covers the other hostile inputs).

import { describe, expect, it } from 'vitest';
import { IngestError, loadModel, parseText, snapshotFromObjects } from '../../lib/ingest';
import { scenarios, scenarioSnapshot } from '../../lib/scenarios';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { getAt, jsonPaths, setAt, type JsonPath } from '../../lib/ingest/testing/json-paths';
import { runCli } from './run-cli';

type Obj = Record<string, unknown> & { kind: string };

// One object of each kind over the scenarios (large generated ones skipped).
const samples = new Map<string, Obj>();
for (const s of scenarios) {
  if (/at-scale|large-cluster/.test(s.slug)) continue;
  for (const o of scenarioSnapshot(s).objects as unknown as Obj[])
    if (!samples.has(o.kind) && o.kind !== 'Secret') samples.set(o.kind, o);
}

/** A value of another type than the field's. */
function wrong(value: unknown): unknown {
  if (typeof value === 'string') return 7;
  if (typeof value === 'number') return 'seven';
  if (typeof value === 'boolean') return 'yes';
  if (Array.isArray(value)) return 'not-a-list';
  return ['not-an-object'];
}
/** `items[0].spec.ports[0].port` for a path inside the List's first item. */
const fieldOf = (p: JsonPath) =>
  p.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : `${s}.${k}`), 'items[0]');

function load(obj: Obj, file: string) {
  const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [obj] });
  const { snapshot } = snapshotFromObjects([parseText(text, file)], { kind: 'files', title: file });
  return loadModel(snapshot);
}

describe('wrong types in every field', () => {
  it(`one object of each of ${samples.size} kinds: every field's wrong type is loaded or named`, () => {
    const crashes: string[] = [];
    const unnamed: string[] = [];
    let cases = 0;
    let named = 0;
    for (const [kind, obj] of samples)
      for (const p of jsonPaths(obj, 2)) {
        if (p[0] === 'apiVersion' || p[0] === 'kind') continue;
        cases++;
        const field = fieldOf(p);
        try {
          load(setAt(obj, p, wrong(getAt(obj, p))), 'dump.json');
        } catch (err) {
          if (!(err instanceof IngestError)) {
            crashes.push(`${kind} ${field}: ${String((err as Error)?.stack ?? err).slice(0, 300)}`);
            continue;
          }
          named++;
          // The error names the file, and the field or one of its parents.
          const parents = p.map((_, i) => fieldOf(p.slice(0, i + 1)));
          if (!err.message.includes('dump.json') || !parents.some((f) => err.message.includes(f)))
            unnamed.push(`${kind} ${field} (file ${err.file}): ${err.message.slice(0, 200)}`);
        }
      }
    expect(crashes).toEqual([]);
    expect(unnamed).toEqual([]);
    expect(samples.size).toBeGreaterThan(20);
    expect(cases).toBeGreaterThan(1000);
    expect(named).toBeGreaterThan(100);
  }, 120_000);

  const dir = mkdtempSync(join(tmpdir(), 'pp-wrong-types-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  process.env.PACKETPATH_DATA_DIR ??= join(dir, 'data');

  // The deepest field of each kind whose wrong type is refused: the same words via CLI and API.
  const refused = [...samples].flatMap(([kind, obj]) => {
    let best: { kind: string; obj: Obj; field: string } | undefined;
    for (const p of jsonPaths(obj, 2)) {
      if (p[0] === 'apiVersion' || p[0] === 'kind') continue;
      const bad = setAt(obj, p, wrong(getAt(obj, p)));
      try {
        load(bad, 'dump.json');
      } catch (err) {
        if (err instanceof IngestError && err.field && err.field.length > (best?.field.length ?? 0))
          best = { kind, obj: bad, field: err.field };
      }
    }
    return best ? [best] : [];
  });

  it.each(refused)(
    'CLI and upload API name $field of a $kind with a wrong type',
    async ({ kind, obj, field }) => {
      const name = `${kind.toLowerCase()}.json`;
      const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [obj] });
      const file = join(dir, name);
      writeFileSync(file, text);
      const { code, stderr } = await runCli(['lint', file, '-o', 'json']);
      expect(code, stderr).toBe(2);
      expect(stderr).toContain(file);
      expect(stderr).toContain(field);
      expect(stderr).not.toMatch(/internal error|\n\s+at /);

      const sources = await import('../../app/api/sources/route');
      const res = await sources.POST(
        new Request(`http://localhost/api/sources?name=${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: text,
        }),
      );
      const body = (await res.json()) as { detail: string; field?: string; file?: string };
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(body.file).toBe(name);
      expect(body.detail).toContain(field);
    },
  );
});
