import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IngestError, IngestErrors } from './errors';
import { originOf } from './origins';
import { parseText } from './parse';
import { serializeSnapshot } from './snapshot-file';

const fixtures = join(import.meta.dirname, '../../test/fixtures/ingest');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');

function thrown(fn: () => unknown): IngestError {
  try {
    fn();
  } catch (e) {
    if (e instanceof IngestError) return e;
    throw e;
  }
  throw new Error('expected an IngestError');
}

describe('parseText', () => {
  it('reads every document of a multi-document YAML file, skipping empty ones', () => {
    const r = parseText(fixture('multi-doc.yaml'), 'multi-doc.yaml');
    expect(r.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Namespace/shop', 'Pod/bare']);
    expect(r.origins).toEqual([
      { file: 'multi-doc.yaml', doc: 0 },
      { file: 'multi-doc.yaml', doc: 2 },
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('expands kind: List item by item, with the item path in the origin', () => {
    const r = parseText(fixture('list.yaml'), 'list.yaml');
    expect(r.objects.map((o) => o.kind)).toEqual(['Service', 'Pod']);
    expect(r.origins[1]).toEqual({ file: 'list.yaml', doc: 0, item: 1, path: 'items[1]' });
    expect(originOf(r.objects[1]!)).toEqual(r.origins[1]);
  });

  it('gives items of a typed list without kind the kind from the list name (JSON)', () => {
    const r = parseText(fixture('typed-list.json'), 'typed-list.json');
    expect(
      r.objects.map((o) => `${o.apiVersion} ${o.kind}/${o.metadata.namespace}/${o.metadata.name}`),
    ).toEqual(['v1 Pod/x/a', 'v1 Pod/x/b']);
  });

  it('skips a JSON file holding no Kubernetes object with a NOT_KUBERNETES warning', () => {
    const r = parseText(fixture('not-kubernetes.json'), 'reports/connlist_output.json');
    expect(r.objects).toEqual([]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]!.code).toBe('NOT_KUBERNETES');
    expect(r.warnings[0]!.message).toContain('reports/connlist_output.json');
  });

  it('skips a YAML document without kind and apiVersion, keeping the others', () => {
    const r = parseText('foo: bar\n---\nkind: Namespace\nmetadata: {name: a}\n', 'mixed.yaml');
    expect(r.objects.map((o) => o.kind)).toEqual(['Namespace']);
    expect(r.warnings.map((w) => [w.code, w.origin?.doc])).toEqual([['NOT_KUBERNETES', 0]]);
  });

  it('accepts empty text and comment-only files', () => {
    expect(parseText('', 'empty.yaml').objects).toEqual([]);
    expect(parseText('# nothing\n---\n', 'c.yaml').objects).toEqual([]);
    expect(parseText('  \n', 'empty.json').objects).toEqual([]);
  });

  it('reads a snapshot file: meta, settings and its objects (lists expanded)', () => {
    const r = parseText(fixture('snapshot.json'), 'snap.json');
    expect(r.meta).toEqual({
      kind: 'live',
      title: 'prod-eu',
      capturedAt: '2026-01-02T03:04:05Z',
      context: 'prod-eu',
    });
    expect(r.settings).toEqual({ underlayMTU: 1500, nodeUnderlayMTU: { 'node-b': 9000 } });
    expect(r.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Node/node-b', 'Namespace/ops']);
    expect(r.origins[1]!.path).toBe('objects[1].items[0]');
  });

  it('round-trips a snapshot through serializeSnapshot', () => {
    const snapshot = {
      meta: { kind: 'upload' as const, title: 't' },
      settings: { underlayMTU: 9000 },
      objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } }],
    };
    const text = serializeSnapshot(snapshot);
    expect(text.endsWith('\n')).toBe(true);
    const r = parseText(text, 'saved.json');
    expect(r.meta).toEqual(snapshot.meta);
    expect(r.settings).toEqual(snapshot.settings);
    expect(r.objects).toEqual(snapshot.objects);
  });

  it('rejects bad snapshot settings with the field path', () => {
    const text = JSON.stringify({ kind: 'PacketpathSnapshot', settings: { underlayMTU: 20 }, objects: [] });
    const e = thrown(() => parseText(text, 's.json'));
    expect(e.code).toBe('INVALID_SNAPSHOT');
    expect(e.message).toBe('s.json: document 1: settings.underlayMTU: 20 is out of range (68-65535)');
  });

  it('reports malformed YAML with file, document, line and column', () => {
    const e = thrown(() => parseText(fixture('bad-yaml.yaml'), 'manifests/bad-yaml.yaml'));
    expect(e.code).toBe('MALFORMED_YAML');
    expect(e.file).toBe('manifests/bad-yaml.yaml');
    expect(e.doc).toBe(1);
    expect(e.line).toBeGreaterThanOrEqual(10);
    expect(e.message).toMatch(/^manifests\/bad-yaml\.yaml: document 2: line \d+, column \d+: /);
  });

  it('collects syntax errors of several documents', () => {
    const e = thrown(() => parseText('a: [\n---\nb: ok\n---\nc: {\n', 'two.yaml'));
    expect(e).toBeInstanceOf(IngestErrors);
    expect((e as IngestErrors).errors.map((x) => x.doc)).toEqual([0, 2]);
  });

  it('reports malformed JSON with line and column', () => {
    const e = thrown(() => parseText('{"kind": "Pod",\n "metadata": {},, }', 'pod.json'));
    expect(e.code).toBe('MALFORMED_JSON');
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/^pod\.json: line 2, column \d+: /);
  });

  it('refuses YAML alias bombs', () => {
    const bomb = [
      'a: &a [x,x,x,x,x,x,x,x,x]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
    ];
    const e = thrown(() => parseText(bomb.join('\n'), 'bomb.yaml', { maxAliasCount: 20 }));
    expect(e.code).toBe('MALFORMED_YAML');
    expect(e.reason).toContain('alias');
  });

  it('refuses text and documents over the size caps', () => {
    expect(thrown(() => parseText('kind: Namespace\n', 'big.yaml', { maxTextChars: 5 })).code).toBe(
      'TOO_LARGE',
    );
    const e = thrown(() =>
      parseText('kind: Namespace\nmetadata: {name: aaaaaaaaaaaa}\n', 'doc.yaml', { maxDocumentChars: 10 }),
    );
    expect(e.code).toBe('TOO_LARGE');
    expect(e.doc).toBe(0);
  });

  it('rejects a list item that is not an object, naming the item', () => {
    const e = thrown(() =>
      parseText('kind: List\nitems:\n- kind: Namespace\n  metadata: {name: a}\n- 42\n', 'l.yaml'),
    );
    expect(e.message).toBe(
      'l.yaml: document 1: items[1]: expected a Kubernetes object (a map), got a number (42)',
    );
  });

  it('rejects an object with apiVersion but no kind', () => {
    const e = thrown(() => parseText('apiVersion: v1\nmetadata: {name: a}\n', 'k.yaml'));
    expect(e.code).toBe('MISSING_FIELD');
    expect(e.field).toBe('kind');
  });

  it('fills in missing metadata so every object has one', () => {
    const r = parseText('kind: Namespace\n', 'n.yaml');
    expect(r.objects[0]!.metadata).toEqual({});
  });
});
