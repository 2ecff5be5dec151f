import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IngestError, IngestErrors } from './errors';
import { loadModel } from './load-model';
import { readInputs } from './read-files';

const fixtures = join(import.meta.dirname, '../../test/fixtures/ingest');
const tmp = mkdtempSync(join(tmpdir(), 'packetpath-ingest-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function rejection(p: Promise<unknown>): Promise<IngestError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof IngestError) return e;
    throw e;
  }
  throw new Error('expected an IngestError');
}

describe('readInputs', () => {
  it('reads directories recursively in sorted order, only yaml/yml/json files', async () => {
    const { snapshot, warnings } = await readInputs([join(fixtures, 'dir')]);
    expect(snapshot.objects.map((o) => o.metadata.name)).toEqual(['a', 'b', 'c']);
    expect(snapshot.meta).toEqual({ kind: 'files', title: join(fixtures, 'dir') });
    expect(warnings).toEqual([]);
  });

  it('reads several paths in the given order and each file once', async () => {
    const a = join(fixtures, 'dir/a.yaml');
    const { snapshot } = await readInputs([join(fixtures, 'multi-doc.yaml'), a, join(fixtures, 'dir')]);
    expect(snapshot.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/shop',
      'Pod/bare',
      'ConfigMap/a',
      'ConfigMap/b',
      'ConfigMap/c',
    ]);
  });

  it("keeps a single snapshot file's meta and settings; settings options override", async () => {
    const file = join(fixtures, 'snapshot.json');
    const { snapshot } = await readInputs([file]);
    expect(snapshot.meta.kind).toBe('live');
    expect(snapshot.settings).toEqual({ underlayMTU: 1500, nodeUnderlayMTU: { 'node-b': 9000 } });
    const over = await readInputs([file, join(fixtures, 'dir/a.yaml')], { settings: { underlayMTU: 9000 } });
    expect(over.snapshot.meta.kind).toBe('files');
    expect(over.snapshot.settings).toEqual({ underlayMTU: 9000, nodeUnderlayMTU: { 'node-b': 9000 } });
  });

  it('skips non-Kubernetes files with a warning and still loads the rest', async () => {
    const { snapshot, warnings } = await readInputs([
      join(fixtures, 'not-kubernetes.json'),
      join(fixtures, 'typed-list.json'),
    ]);
    expect(warnings.map((w) => w.code)).toEqual(['NOT_KUBERNETES']);
    expect(loadModel(snapshot).pods.size).toBe(2);
  });

  it('names a missing path', async () => {
    const missing = join(tmp, 'nope.yaml');
    const e = await rejection(readInputs([missing]));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toBe(`${missing}: no such file or directory`);
  });

  it('refuses an empty path list', async () => {
    expect((await rejection(readInputs([]))).code).toBe('NO_INPUT');
  });

  it('refuses files over the size cap', async () => {
    const e = await rejection(readInputs([join(fixtures, 'list.yaml')], { maxFileBytes: 100 }));
    expect(e.code).toBe('TOO_LARGE');
    expect(e.file).toBe(join(fixtures, 'list.yaml'));
  });

  it('collects the problems of every file', async () => {
    const e = await rejection(
      readInputs([join(fixtures, 'bad-yaml.yaml'), join(fixtures, 'bad-fields.yaml'), join(tmp, 'missing')]),
    );
    expect(e).toBeInstanceOf(IngestErrors);
    const all = (e as IngestErrors).errors;
    expect(all.map((x) => x.code)).toEqual(['NOT_FOUND', 'MALFORMED_YAML']);
    // Field errors are reported once syntax is fine.
    const fields = await rejection(readInputs([join(fixtures, 'bad-fields.yaml')]));
    expect((fields as IngestErrors).errors.map((x) => x.message)).toEqual([
      `${join(fixtures, 'bad-fields.yaml')}: document 2: spec.podSelector.matchLabels: expected a map of string to string, got a list`,
      `${join(fixtures, 'bad-fields.yaml')}: document 2: spec.ingress[0].from[1].podSelector.matchExpressions[0].operator: "Inn" is not one of In, NotIn, Exists, DoesNotExist`,
      `${join(fixtures, 'bad-fields.yaml')}: document 2: spec.ingress[0].from[2].ipBlock.cidr: "10.0.0/8" is not a CIDR (address/prefix-length)`,
      `${join(fixtures, 'bad-fields.yaml')}: document 2: spec.ingress[0].ports[0].port: 70000 is out of range (1-65535)`,
    ]);
  });

  it('reads a file named explicitly whatever its extension, and survives symlink loops', async () => {
    const dir = join(tmp, 'loop');
    mkdirSync(dir);
    writeFileSync(join(dir, 'ns.txt'), 'kind: Namespace\nmetadata: {name: t}\n');
    symlinkSync(dir, join(dir, 'self'));
    expect((await readInputs([join(dir, 'ns.txt')])).snapshot.objects).toHaveLength(1);
    expect((await readInputs([dir])).snapshot.objects).toHaveLength(0);
  });
});
