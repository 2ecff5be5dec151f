// The YAML blanking of managedFields and last-applied-configuration (lib/ingest/
// yaml-prestrip.ts) under arbitrary objects written by js-yaml in many styles (flow
// collections at any level, long lines folded, every quoting) and by kubectl's layout:
// what the blanked text reads as, once strip.ts has run, is always what the original reads as with the
// bookkeeping dropped after the parse (lib/ingest/strip.ts), and it never throws.

import fc from 'fast-check';
import { CORE_SCHEMA, dump, loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { asServed, yamlListItem } from '../../bench/clusters';
import type { KubeObject } from '../../lib/model/types';
import { stripBookkeeping } from '../../lib/ingest/strip';
import { blankBookkeeping } from '../../lib/ingest/yaml-prestrip';
import { FUZZ_TIMEOUT, fuzzParams } from './fuzz-config';

const read = (text: string) => loadAll(text, null, { schema: CORE_SCHEMA }) as unknown[];

function stripped(docs: unknown[]): unknown[] {
  return docs.map((doc) => {
    const d = structuredClone(doc) as { items?: unknown };
    const items = d && typeof d === 'object' && Array.isArray(d.items) ? [d, ...(d.items as unknown[])] : [d];
    for (const o of items) if (o && typeof o === 'object') stripBookkeeping(o as KubeObject);
    return d;
  });
}

// Keys and strings that look like the cut keys, YAML indicators and line breaks.
const tricky = fc.constantFrom(
  'managedFields',
  'managedFields:',
  'metadata',
  'annotations',
  'kubectl.kubernetes.io/last-applied-configuration',
  'metadata:\n  managedFields:\n  - a: 1\n',
  '|',
  '- x',
  '"',
  "'",
  '{}',
  '[',
  '',
  ' ',
  '#',
  'a: b',
  '\n',
);
const text = fc.oneof(tricky, fc.string({ maxLength: 12 }));
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(text, tie('v'), { maxKeys: 3 }),
  ),
})).v;

const object = fc
  .record({
    kind: fc.constantFrom('Pod', 'ConfigMap', 'Service'),
    labels: fc.dictionary(text, text, { maxKeys: 2 }),
    annotations: fc.dictionary(text, text, { maxKeys: 2 }),
    data: fc.dictionary(text, value, { maxKeys: 3 }),
    spec: value,
    served: fc.boolean(),
  })
  .map(({ kind, labels, annotations, data, spec, served }) => {
    const o = {
      apiVersion: 'v1',
      kind,
      metadata: { name: 'n', namespace: 'ns', labels, annotations },
      data,
      spec,
    } as unknown as KubeObject;
    return served ? asServed(o) : o;
  });

describe('fuzz: YAML blanking of the bookkeeping', () => {
  it(
    'reads as the original minus managedFields and last-applied, in every layout js-yaml and kubectl write',
    () => {
      fc.assert(
        fc.property(
          fc.array(object, { minLength: 1, maxLength: 4 }),
          fc.record({
            flowLevel: fc.integer({ min: -1, max: 5 }),
            lineWidth: fc.constantFrom(-1, 20, 80),
            quotingType: fc.constantFrom("'", '"') as fc.Arbitrary<"'" | '"'>,
            forceQuotes: fc.boolean(),
            noArrayIndent: fc.boolean(),
          }),
          fc.constantFrom('list', 'documents', 'kubectl'),
          (objects, style, layout) => {
            const yaml =
              layout === 'kubectl'
                ? `apiVersion: v1\nitems:\n${objects.map(yamlListItem).join('')}kind: List\n`
                : layout === 'list'
                  ? dump(
                      { apiVersion: 'v1', kind: 'List', items: objects },
                      { ...style, schema: CORE_SCHEMA },
                    )
                  : objects.map((o) => dump(o, { ...style, schema: CORE_SCHEMA })).join('---\n');
            // js-yaml does not always read back what it wrote (`f:[` in a flow map): such
            // text is not YAML, and what a parser makes of it is not the question here.
            let original: unknown[];
            try {
              original = read(yaml);
            } catch {
              return;
            }
            const blanked = blankBookkeeping(yaml);
            expect(blanked.split('\n').length).toBe(yaml.split('\n').length);
            // What is not blanked (flow collections, quoted keys) parse.ts drops after the parse.
            expect(stripped(read(blanked))).toEqual(stripped(original));
          },
        ),
        fuzzParams(150, 1),
      );
    },
    FUZZ_TIMEOUT,
  );
});
