// The object limit (limits.ts): counted per list before its items are built, across the
// documents of a file and the files of one input; PACKETPATH_MAX_OBJECTS sets it.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IngestError, IngestErrors } from './errors';
import { DEFAULT_MAX_OBJECTS, maxObjectsFrom } from './limits';
import { parseText } from './parse';
import { thrown } from './testing/thrown';
import { readInputs } from './read-files';

const tmp = mkdtempSync(join(tmpdir(), 'packetpath-limits-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ns = (i: number) => `{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"n${i}"}}`;
const list = (items: string[]) => `{"apiVersion":"v1","kind":"List","items":[${items.join(',')}]}`;

describe('object limit', () => {
  it('defaults well above the largest benchmark dump (93,154 objects) and reads PACKETPATH_MAX_OBJECTS', () => {
    expect(DEFAULT_MAX_OBJECTS).toBe(500_000);
    expect(maxObjectsFrom({})).toBe(500_000);
    expect(maxObjectsFrom({ PACKETPATH_MAX_OBJECTS: '20' })).toBe(20);
    expect(() => maxObjectsFrom({ PACKETPATH_MAX_OBJECTS: 'lots' })).toThrow(
      'PACKETPATH_MAX_OBJECTS: expected a positive integer, got "lots"',
    );
  });

  it('refuses a list longer than the limit at its items field, before building any', () => {
    const items = Array.from({ length: 6 }, (_, i) => ns(i));
    expect(parseText(list(items.slice(0, 5)), 'ok.json', { maxObjects: 5 }).objects).toHaveLength(5);
    const e = thrown(() => parseText(list(items), 'six.json', { maxObjects: 5 }));
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toBe(
      'six.json: document 1: items: 6 objects is more than the limit of 5 per input (PACKETPATH_MAX_OBJECTS)',
    );
  });

  it('takes an unset maxObjects as the configured limit', () => {
    const items = [0, 1, 2].map(ns);
    expect(parseText(list(items), 'unset.json', { maxObjects: undefined }).objects).toHaveLength(3);
  });

  it('counts nested lists and YAML documents together', () => {
    const inner = `{"apiVersion":"v1","kind":"NamespaceList","items":[${[1, 2, 3].map(ns).join(',')}]}`;
    const nested = thrown(() => parseText(list([inner, inner]), 'nested.json', { maxObjects: 5 }));
    expect(nested.field).toBe('items');
    expect(nested.path).toBe('items[1]');
    const docs = [1, 2, 3]
      .map((i) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: n${i}}\n`)
      .join('---\n');
    const e = thrown(() => parseText(docs, 'docs.yaml', { maxObjects: 2 }));
    expect(e.code).toBe('TOO_LARGE');
    expect(e.doc).toBe(2);
  });

  it('holds for the files of one input together', async () => {
    writeFileSync(join(tmp, 'a.json'), list([ns(1), ns(2)]));
    writeFileSync(join(tmp, 'b.json'), list([ns(3), ns(4)]));
    expect((await readInputs([tmp], { maxObjects: 4 })).snapshot.objects).toHaveLength(4);
    const e = await readInputs([tmp], { maxObjects: 3 }).then(
      () => undefined,
      (err: unknown) => err as IngestError,
    );
    expect(e?.code).toBe('TOO_LARGE');
    expect(e?.reason).toBe('4 objects is more than the limit of 3 per input (PACKETPATH_MAX_OBJECTS)');
  });

  it('stops reading a file after 1,000 problems', () => {
    const e = (() => {
      try {
        parseText(list(Array(5000).fill('{}')), 'bad.json');
      } catch (err) {
        return err as IngestErrors;
      }
      throw new Error('expected IngestErrors');
    })();
    expect(e.errors).toHaveLength(1001);
    expect(e.errors[1000]!.message).toBe('bad.json: reading stopped after 1,000 problems');
  });
});
