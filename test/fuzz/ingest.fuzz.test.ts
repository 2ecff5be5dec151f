// Ingest under mutated dumps: a real scenario's objects with one field of one object (any
// depth, any kind) replaced by an arbitrary value, sent as JSON and as YAML, through parse →
// snapshot → model, and through the what-if overlay. Every outcome is a model or an
// IngestError that names the file (and, for a bad field, the document and field); anything
// else (a TypeError deep in a builder, a RangeError) is a crash.

import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { applyChanges, IngestError, loadModel, parseText, snapshotFromObjects } from '../../lib/ingest';
import { getScenario, scenarioSnapshot } from '../../lib/scenarios';
import { FUZZ_TIMEOUT, fuzzParams } from './fuzz-config';
import { jsonPaths, setAt } from '../../lib/ingest/testing/json-paths';

// A small dump of every kind the engine reads most (the full scenarios take ~0.5 s a case).
const full = scenarioSnapshot(getScenario('default-deny-breaks-dns')!);
const wanted = new Set([
  'Namespace',
  'Node',
  'Pod',
  'Service',
  'EndpointSlice',
  'NetworkPolicy',
  'StatefulSet',
  'Deployment',
  'ReplicaSet',
  'DaemonSet',
  'Ingress',
  'ConfigMap',
]);
const seen = new Map<string, number>();
const base = {
  ...full,
  objects: full.objects.filter((o) => {
    const n = seen.get(o.kind) ?? 0;
    seen.set(o.kind, n + 1);
    return wanted.has(o.kind) && n < 2;
  }),
};
const objects = base.objects as unknown as Record<string, unknown>[];

const objectPaths = objects.map((o) => jsonPaths(o));

const hostile = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    undefined,
    null,
    '',
    -1,
    0,
    2 ** 53,
    -(2 ** 63),
    1e308,
    0.5,
    'x'.repeat(10_000),
    '10.0.0.999',
    '::ffff:10.0.0.1',
    '<script>alert(1)</script>',
    '\u202eevil',
    [],
    {},
    [[[[]]]],
    { matchLabels: { '': '' } },
    { matchExpressions: [{ key: 'a', operator: 'Bogus' }] },
  ),
);

/** One object of the dump with one field changed. */
const mutation = fc.tuple(fc.nat(objects.length - 1), fc.nat(), hostile).map(([i, p, value]) => {
  const ps = objectPaths[i]!;
  const path = ps[p % ps.length]!;
  return { index: i, kind: String(objects[i]!.kind), path, value };
});
const mutate = (m: { index: number; path: (string | number)[]; value: unknown }) =>
  objects.map((o, j) => (j === m.index ? setAt(o, m.path, m.value) : o));

function expectTyped(err: unknown, file: string) {
  if (!(err instanceof IngestError))
    throw new Error(`not an IngestError: ${String((err as Error)?.stack ?? err).slice(0, 600)}`);
  expect(err.message).toContain(file);
  expect(err.file).toBe(file);
}

function load(text: string, file: string) {
  const { snapshot } = snapshotFromObjects([parseText(text, file)], { kind: 'files', title: file });
  return loadModel(snapshot);
}

describe('fuzz: ingest', () => {
  it(
    'one mutated field anywhere, as JSON and as YAML: a model or an IngestError naming file and field',
    () => {
      fc.assert(
        fc.property(mutation, fc.boolean(), (m, asYaml) => {
          const mutated = mutate(m);
          const file = asYaml ? 'dump.yaml' : 'dump.json';
          const list = { apiVersion: 'v1', kind: 'List', items: mutated };
          const text = asYaml ? stringify(list) : JSON.stringify(list);
          try {
            load(text, file);
          } catch (err) {
            expectTyped(err, file);
          }
        }),
        fuzzParams(60, 0.3),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'arbitrary bytes as YAML or JSON: an IngestError naming the file, or a model',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ maxLength: 200 })),
          fc.constantFrom('x.yaml', 'x.json'),
          (text, file) => {
            try {
              load(text, file);
            } catch (err) {
              expectTyped(err, file);
            }
          },
        ),
        fuzzParams(60, 0.35),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'the what-if overlay with a mutated object applied: a result or an IngestError',
    () => {
      fc.assert(
        fc.property(mutation, (m) => {
          try {
            const result = applyChanges(base, { apply: [mutate(m)[m.index] as never], delete: [] });
            loadModel(result.snapshot);
          } catch (err) {
            if (!(err instanceof IngestError))
              throw new Error(`not an IngestError: ${String((err as Error)?.stack ?? err).slice(0, 600)}`);
            expect(err.message).toMatch(/changes\.apply\[0\]|apply/);
          }
        }),
        fuzzParams(60, 0.35),
      );
    },
    FUZZ_TIMEOUT,
  );
});
