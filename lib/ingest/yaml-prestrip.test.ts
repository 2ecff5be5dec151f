// managedFields and last-applied-configuration blanked out of YAML text before js-yaml
// reads it give the same objects as reading everything and dropping them after (strip.ts),
// in the layout kubectl prints (sequences at their key's indentation: sigs.k8s.io/yaml
// writes through go-yaml v2, whose emitter does not indent a sequence under its key and
// writes a string holding a newline, as last-applied-configuration does, in literal style
// `|`) and in the `yaml` package's (sequences indented). Text that only looks like those
// keys (inside a block scalar, a quoted scalar, under another parent) is left whole.
// managedFields: https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management
// last-applied: https://kubernetes.io/docs/reference/labels-annotations-taints/#kubectl-kubernetes-io-last-applied-configuration

import { CORE_SCHEMA, dump, loadAll } from 'js-yaml';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { asServed, yamlListItem } from '../../bench/clusters';
import { scenarios } from '../scenarios';
import type { KubeObject } from '../model/types';
import { parseText } from './parse';
import { loadYamlDocuments } from './parse-yaml-fast';
import { stripBookkeeping } from './strip';
import { blankBookkeeping } from './yaml-prestrip';

const read = (text: string) => loadAll(text, null, { schema: CORE_SCHEMA }) as unknown[];

/** What parse.ts keeps of each object: everything but the bookkeeping. */
function stripped(text: string): unknown[] {
  return read(text).map((doc) => {
    const d = structuredClone(doc) as { items?: KubeObject[] } & KubeObject;
    if (d && Array.isArray(d.items)) d.items.forEach((o) => stripBookkeeping(o));
    else if (d && typeof d === 'object') stripBookkeeping(d);
    return d;
  });
}

function expectSame(text: string): string {
  const cut = blankBookkeeping(text);
  // Line for line: every line and column an error names is still the file's.
  expect(cut.split('\n').length).toBe(text.split('\n').length);
  expect(read(cut)).toEqual(stripped(text));
  return cut;
}

const kubectlList = (objects: readonly KubeObject[]) =>
  `apiVersion: v1\nitems:\n${objects.map((o) => yamlListItem(asServed(o))).join('')}kind: List\nmetadata:\n  resourceVersion: ""\n`;

describe('blankBookkeeping', () => {
  it.each(scenarios.map((s) => [s.slug, s] as const))(
    'the %s scenario served with managedFields, as kubectl and as the yaml package print it',
    (_slug, scenario) => {
      const kubectl = expectSame(kubectlList(scenario.objects));
      expect(kubectl).not.toMatch(/^\s*managedFields:/m);
      // The other layouts on the scenarios of ordinary size (the yaml package's stringify of
      // thousands of objects takes a minute; the layouts do not change with the count).
      if (scenario.objects.length > 500) return;
      const indented = stringify({ apiVersion: 'v1', kind: 'List', items: scenario.objects.map(asServed) });
      expect(expectSame(indented)).not.toMatch(/^\s*managedFields:/m);
      // One document per object, as `kubectl get -o yaml` of several names prints them.
      const docs = scenario.objects.map((o) => dump(asServed(o))).join('---\n');
      expect(expectSame(docs)).not.toMatch(/^\s*managedFields:/m);
    },
  );

  it('cuts the literal block kubectl prints for last-applied-configuration, leaving the other annotations', () => {
    const text = [
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  annotations:',
      '    a.example.com/before: "1"',
      '    kubectl.kubernetes.io/last-applied-configuration: |',
      '      {"apiVersion":"v1","kind":"Service","metadata":{"annotations":{},"name":"db"}}',
      '    z.example.com/after: "2"',
      '  name: db',
      'spec:',
      '  ports:',
      '  - port: 5432',
      '',
    ].join('\n');
    const cut = expectSame(text);
    expect(cut).not.toContain('last-applied');
    expect(read(cut)[0]).toMatchObject({
      metadata: { annotations: { 'a.example.com/before': '1', 'z.example.com/after': '2' } },
    });
  });

  it('cuts last-applied-configuration written as one double-quoted line', () => {
    const text = [
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  annotations:',
      '    kubectl.kubernetes.io/last-applied-configuration: "{\\"kind\\":\\"Service\\"}\\n"',
      '    keep: "yes"',
      '  name: db',
      '',
    ].join('\n');
    expect(expectSame(text)).not.toContain('last-applied');
  });

  it('leaves an empty map, not null, where the cut key was the only member', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  annotations:',
      '    kubectl.kubernetes.io/last-applied-configuration: |',
      '      {"kind":"ConfigMap"}',
      '  name: c',
      '',
    ].join('\n');
    const cut = expectSame(text);
    expect((read(cut)[0] as KubeObject).metadata.annotations).toEqual({});
  });

  it('keeps the value of a block scalar with keep chomping right above the cut (go-yaml writes |+ for text ending in two newlines)', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  annotations:',
      '    note: |+',
      '      two newlines',
      '',
      '  managedFields:',
      '  - manager: kubelet',
      '    operation: Update',
      '  name: web',
      '',
    ].join('\n');
    const cut = expectSame(text);
    expect((read(cut)[0] as KubeObject).metadata.annotations).toEqual({ note: 'two newlines\n\n' });
  });

  it('leaves text that only looks like the keys: in a block scalar, a quoted scalar, under another parent', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: manifests',
      'data:',
      '  pod.yaml: |',
      '    metadata:',
      '      managedFields:',
      '      - manager: kubectl',
      '      annotations:',
      '        kubectl.kubernetes.io/last-applied-configuration: |',
      '          {}',
      '  note: "two lines,',
      '    metadata:',
      '      managedFields:',
      '    end"',
      'spec:',
      '  managedFields:',
      '  - kept: true',
      '',
    ].join('\n');
    expect(blankBookkeeping(text)).toBe(text);
  });

  it('keeps Windows line endings readable', () => {
    const text = kubectlList(scenarios[0]!.objects.slice(0, 5)).replace(/\n/g, '\r\n');
    expectSame(text);
  });

  it('runs in one pass where every item sits under one items: line', () => {
    // 2,000 items in the indented layout: each walk up stops at the item before it.
    const pods = Array.from({ length: 2000 }, (_, i) =>
      asServed({ ...scenarios[0]!.objects[0]!, metadata: { name: `p${i}` } }),
    );
    expectSame(stringify({ apiVersion: 'v1', kind: 'List', items: pods }));
  });
});

describe('parseText on YAML with the bookkeeping blanked', () => {
  it('reports a syntax error after a cut block at the line and column of the file', () => {
    const good = kubectlList(scenarios[0]!.objects.slice(0, 3));
    const lines = good.split('\n');
    const bad = [...lines.slice(0, -2), '  bad: [unclosed', ...lines.slice(-2)].join('\n');
    const original = loadYamlDocuments(bad);
    if ('values' in original) throw new Error('the text was meant to be bad');
    expect(blankBookkeeping(bad)).not.toBe(bad);
    const { line, col } = original.failure;
    expect(line).toBeGreaterThan(100);
    expect(() => parseText(bad, 'dump.yaml')).toThrowError(expect.objectContaining({ line, col }) as Error);
  });

  it('gives the objects the JSON of the same dump gives', () => {
    const objects = scenarios[0]!.objects.map(asServed);
    const fromYaml = parseText(kubectlList(scenarios[0]!.objects), 'dump.yaml').objects;
    const fromJson = parseText(
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }),
      'dump.json',
    ).objects;
    expect(fromYaml).toEqual(fromJson);
  });
});
