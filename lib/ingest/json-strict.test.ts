// JSON that JSON.parse accepts and ingest refuses, as the API server does:
// - duplicate keys: sigs.k8s.io/json internal/golang/encoding/json/kubernetes_patch.go
//   (DisallowDuplicateFields, `duplicate field "d.a"`), used by k8s.io/apimachinery's strict
//   decoding; kubernetes test/cmd/validate.sh expects "strict decoding error" for
//   hack/testdata/invalid-deployment-unknown-and-duplicate-fields.yaml. RFC 8259 §4: names
//   "SHOULD be unique"; JSON.parse keeps the last (ECMA-262 InternalizeJSONProperty).
// - NUL: RFC 8259 §7 allows `\u0000` only escaped; a raw one is not JSON. YAML 1.2 §5.7
//   escapes (`\0`, `\x00`) make one in double-quoted scalars.
// - depth: the same 1,000 levels as YAML (parse-yaml-fast.ts MAX_YAML_DEPTH).

import { describe, expect, it } from 'vitest';
import { findJsonProblem, MAX_JSON_DEPTH, mayHideProblem } from './json-strict';
import { parseText } from './parse';
import { thrown } from './testing/thrown';

const list = (items: string) => `{"apiVersion":"v1","kind":"List","items":[${items}]}`;

describe('duplicate keys in JSON', () => {
  it('refuses a repeated key, naming line, column, the JSON path and the key', () => {
    const text = list(
      '{"kind":"Pod","metadata":{"name":"a"}},\n{"kind":"Pod","metadata":{"name":"a",\n  "namespace":"x","name":"b"}}',
    );
    const e = thrown(() => parseText(text, 'dup.json'));
    expect(e.code).toBe('MALFORMED_JSON');
    expect(e.message).toBe(
      'dup.json: document 1: line 3, column 19: items[1].metadata.name: duplicate key "name" (refused: JSON.parse would keep only the last; the API server refuses it as "duplicate field")',
    );
  });

  it('sees keys written with whitespace before the colon, and keys spelled with escapes', () => {
    expect(thrown(() => parseText('{"kind" : "Pod", "kind"\n:"Service"}', 'a.json')).field).toBe('kind');
    // "\u006bind" is "kind": the same key to JSON.parse and to the API server.
    const e = thrown(() => parseText('{"kind":"Pod","\\u006bind":"Service","metadata":{}}', 'b.json'));
    expect(e.reason).toMatch(/^duplicate key "kind"/);
  });

  it('accepts what only looks like a repeat: the same key in sibling objects, escaped quotes, values starting with ":"', () => {
    const ok = list(
      '{"kind":"Pod","metadata":{"name":"a","annotations":{"a":"{\\"name\\":1,\\"name\\":2}","b":"::1","c":"x\\\\"}}},' +
        '{"kind":"Pod","metadata":{"name":"b"}}',
    );
    const { objects } = parseText(ok, 'ok.json');
    expect(objects.map((o) => o.metadata.name)).toEqual(['a', 'b']);
    expect(objects[0]!.metadata.annotations).toEqual({ a: '{"name":1,"name":2}', b: '::1', c: 'x\\' });
    expect(parseText('{"kind" : "Pod" , "metadata" : {"name" : "a"}}', 's.json').objects).toHaveLength(1);
  });

  it('takes the exact scan only when the cheap count cannot rule a problem out', () => {
    const plain = JSON.stringify({ kind: 'Pod', metadata: { name: 'a', labels: { x: 'y' } } });
    expect(mayHideProblem(plain, JSON.parse(plain))).toBe(false);
    const dup = '{"kind":"Pod","kind":"Pod"}';
    expect(mayHideProblem(dup, JSON.parse(dup))).toBe(true);
    // A value that starts with ":" counts as a key token: a doubt the exact scan clears.
    const colon = '{"a":":x"}';
    expect(mayHideProblem(colon, JSON.parse(colon))).toBe(true);
    expect(findJsonProblem(colon)).toBeUndefined();
  });
});

describe('NUL characters', () => {
  it('refuses a \\u0000 escape in a JSON string or key, naming where', () => {
    const name = thrown(() => parseText('{"kind":"Pod","metadata":{"name":"a\\u0000b"}}', 'n.json'));
    expect(name.code).toBe('MALFORMED_JSON');
    expect(name.field).toBe('metadata.name');
    expect([name.line, name.col]).toEqual([1, 36]);
    expect(name.reason).toMatch(/NUL character/);
    const key = thrown(() => parseText('{"kind":"Pod","metadata":{"labels":{"a\\u0000":"b"}}}', 'k.json'));
    expect(key.field).toBe('metadata.labels["a\\u0000"]');
    // An escaped backslash before "u0000" is the six characters \u0000, not a NUL.
    expect(parseText('{"kind":"Pod","metadata":{"name":"a\\\\u0000"}}', 'e.json').objects).toHaveLength(1);
  });

  it('names a raw NUL byte in JSON as such, with its line and column', () => {
    const e = thrown(() => parseText('{"kind":"Pod",\n"metadata":{"name":"a\u0000b"}}', 'raw.json'));
    expect(e.code).toBe('MALFORMED_JSON');
    expect([e.line, e.col]).toEqual([2, 22]);
    expect(e.reason).toMatch(/NUL byte/);
  });

  it('refuses the YAML escapes of U+0000 in double-quoted scalars; a plain "\\0" stays text', () => {
    for (const escape of ['\\0', '\\x00', '\\u0000', '\\U00000000']) {
      const e = thrown(() => parseText(`kind: Pod\nmetadata:\n  name: "a${escape}b"\n`, 'n.yaml'));
      expect(e.code).toBe('MALFORMED_YAML');
      expect(e.field).toBe('metadata.name');
    }
    const plain = parseText("kind: Pod\nmetadata:\n  name: 'a\\0b'\n  namespace: a\\0b\n", 'p.yaml');
    expect(plain.objects[0]!.metadata).toEqual({ name: 'a\\0b', namespace: 'a\\0b' });
  });
});

describe('deep JSON', () => {
  it(`refuses nesting deeper than ${MAX_JSON_DEPTH} levels with its line and column, not a stack overflow`, () => {
    const deep = `{"kind":"ConfigMap","metadata":{"name":"x"},"data":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;
    const e = thrown(() => parseText(deep, 'deep.json'));
    expect(e.code).toBe('MALFORMED_JSON');
    expect(e.reason).toMatch(/^nested more than 1000 levels deep/);
    expect(e.line).toBe(1);
    const fits = `{"kind":"ConfigMap","metadata":{"name":"x"},"x":${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}}`;
    expect(parseText(fits, 'fits.json').objects).toHaveLength(1);
  });
});
