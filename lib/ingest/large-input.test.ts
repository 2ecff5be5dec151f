// Ingest of large, real-shaped dumps: the fast YAML path and its protections, the API
// server's bookkeeping dropped at parse time, gzip-compressed files, one validation per
// upload. Shapes follow what the API server returns:
// - managedFields: https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management
// - last-applied-configuration: https://kubernetes.io/docs/reference/labels-annotations-taints/#kubectl-kubernetes-io-last-applied-configuration
// - js-yaml's loader limits (maxDepth, duplicate keys, NUL): github.com/nodeca/js-yaml lib/loader.js

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { IngestError } from './errors';
import { loadModel } from './load-model';
import { parseText } from './parse';
import { thrown } from './testing/thrown';
import { readInputs } from './read-files';
import { snapshotFromObjects } from './build-snapshot';
import * as validate from './validate';

const tmp = mkdtempSync(join(tmpdir(), 'packetpath-large-input-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const SERVED_POD = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata:
    annotations:
      kubectl.kubernetes.io/last-applied-configuration: |
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-0","namespace":"shop"}}
      prometheus.io/scrape: "true"
    creationTimestamp: "2026-01-05T08:00:00Z"
    labels:
      app: web
    managedFields:
    - apiVersion: v1
      fieldsType: FieldsV1
      fieldsV1:
        f:metadata:
          f:labels:
            .: {}
            f:app: {}
      manager: kubectl-client-side-apply
      operation: Update
      time: "2026-01-05T08:00:00Z"
    - apiVersion: v1
      fieldsType: FieldsV1
      fieldsV1:
        f:status:
          f:podIP: {}
      manager: kubelet
      operation: Update
      subresource: status
      time: "2026-01-05T08:00:01Z"
    name: web-0
    namespace: shop
  spec:
    nodeName: node-1
    containers:
    - name: web
      image: nginx:1.27
      ports:
      - containerPort: 8080
        name: http
  status:
    phase: Running
    podIP: 10.64.1.5
    podIPs:
    - ip: 10.64.1.5
    conditions:
    - type: Ready
      status: "True"
kind: List
`.replace(/\nkind: List\n$/, '\n');

describe('large inputs', () => {
  it('drops managedFields and last-applied-configuration at parse time, keeping the rest', () => {
    const { objects } = parseText(SERVED_POD, 'pods.yaml');
    const meta = objects[0]!.metadata as Record<string, unknown>;
    expect(meta.managedFields).toBeUndefined();
    expect(meta.annotations).toEqual({ 'prometheus.io/scrape': 'true' });
    expect(meta.labels).toEqual({ app: 'web' });
    const json = parseText(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [{ ...objects[0], metadata: { ...meta, managedFields: [{ manager: 'x' }] } }],
      }),
      'pods.json',
    );
    expect(json.objects[0]!.metadata).toEqual(meta);
  });

  it('reads the YAML of kubectl the same as the yaml package does (values, typed scalars)', () => {
    const text = 'a: 2026-01-01\nb: 0o17\nc: yes\nd: ~\ne: 1e3\nf: "08"\ng: 08\n';
    const fast = parseText(
      `kind: ConfigMap\nmetadata: {name: x}\ndata:\n${text.replace(/^/gm, '  ')}`,
      'c.yaml',
    ).objects[0];
    // An anchor sends the same text through the yaml package (parse.ts), for comparison.
    const slow = parseText(
      `kind: ConfigMap\nmetadata: {name: x}\nanchor: &a 1\ndata:\n${text.replace(/^/gm, '  ')}`,
      'c.yaml',
    ).objects[0];
    expect((fast as unknown as { data: unknown }).data).toEqual((slow as unknown as { data: unknown }).data);
    expect((fast as unknown as { data: unknown }).data).toEqual({
      a: '2026-01-01',
      b: 15,
      c: 'yes',
      d: null,
      e: 1000,
      f: '08',
      g: 8,
    });
  });

  it('refuses 10,000-deep nesting with an error naming file, document and line, not a stack overflow', () => {
    const deep = `kind: ConfigMap\nmetadata: {name: x}\n---\nkind: ConfigMap\ndata: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    const e = thrown(() => parseText(deep, 'deep.yaml'));
    expect(e.code).toBe('MALFORMED_YAML');
    expect(e.doc).toBe(1);
    expect(e.reason).toMatch(/nested more than \d+ levels deep/);
    expect(e.message).toMatch(/^deep\.yaml: document 2: line 5, column \d+: /);
  });

  it('refuses duplicate keys and NUL bytes, naming the line', () => {
    const dup = thrown(() => parseText('kind: Namespace\nmetadata:\n  name: a\n  name: b\n', 'dup.yaml'));
    expect(dup.code).toBe('MALFORMED_YAML');
    expect(dup.line).toBe(4);
    const nul = thrown(() => parseText('kind: Namespace\nmetadata:\n  name: "a\u0000"\n', 'nul.yaml'));
    expect(nul.code).toBe('MALFORMED_YAML');
    expect(nul.line).toBe(3);
  });

  it('names the document of a syntax error in a file too large to re-read with the slow parser', () => {
    const filler = Array.from(
      { length: 12_000 },
      (_, i) => `kind: ConfigMap\nmetadata: {name: c${i}}\ndata: {k: "${'v'.repeat(60)}"}\n`,
    ).join('---\n');
    const e = thrown(() => parseText(`${filler}---\nkind: ConfigMap\nmetadata: {name: [}\n`, 'big.yaml'));
    expect(e.code).toBe('MALFORMED_YAML');
    expect(e.doc).toBe(12_000);
  });

  it('still refuses alias bombs (text with anchors takes the alias-counting path)', () => {
    const bomb = [
      'kind: ConfigMap',
      'a: &a [x,x,x,x,x,x,x,x,x]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
    ];
    const e = thrown(() => parseText(bomb.join('\n'), 'bomb.yaml'));
    expect(e.code).toBe('MALFORMED_YAML');
    expect(e.reason).toContain('alias');
  });

  it('reads .json.gz and .yaml.gz files and refuses one that decompresses past the limit', async () => {
    const json = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }],
    });
    writeFileSync(join(tmp, 'dump.json.gz'), gzipSync(json));
    writeFileSync(
      join(tmp, 'dump.yaml.gz'),
      gzipSync('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n'),
    );
    const a = await readInputs([join(tmp, 'dump.json.gz')]);
    const b = await readInputs([join(tmp, 'dump.yaml.gz')]);
    expect(a.snapshot.objects).toEqual(b.snapshot.objects);
    expect(a.snapshot.objects.map((o) => o.metadata.name)).toEqual(['shop']);
    writeFileSync(join(tmp, 'zeros.yaml.gz'), gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x20)));
    const big = await readInputs([join(tmp, 'zeros.yaml.gz')], { maxFileBytes: 1024 * 1024 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(big).toBeInstanceOf(IngestError);
    expect((big as IngestError).code).toBe('TOO_LARGE');
    expect((big as IngestError).message).toContain('zeros.yaml.gz');
    writeFileSync(join(tmp, 'broken.json.gz'), Buffer.from('not gzip at all'));
    const broken = await readInputs([join(tmp, 'broken.json.gz')]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((broken as IngestError).code).toBe('UNREADABLE');
  });

  it('validates an upload once: loadModel reuses the validation snapshotFromObjects did', () => {
    const spy = vi.spyOn(validate, 'validateObjects');
    const parsed = parseText(SERVED_POD, 'pods.yaml');
    const { snapshot } = snapshotFromObjects([parsed], { kind: 'upload', title: 'pods.yaml' });
    const model = loadModel(snapshot);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(model.pods.get('shop/web-0')?.ips).toEqual(['10.64.1.5']);
    // A snapshot built any other way (here: a copy of the list) is validated by loadModel.
    loadModel({ ...snapshot, objects: [...snapshot.objects] });
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
  });
});
