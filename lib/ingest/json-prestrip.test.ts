// managedFields cut from JSON text before parsing gives the same objects as parsing and
// then deleting them, for compact and `kubectl get -o json` (4-space indented) layouts.
// managedFields shape: https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management

import { describe, expect, it } from 'vitest';
import { IngestError } from './errors';
import { cutManagedFields } from './json-prestrip';
import { parseText } from './parse';

const managed = [
  {
    apiVersion: 'v1',
    fieldsType: 'FieldsV1',
    manager: 'kubectl-client-side-apply',
    operation: 'Update',
    time: '2026-01-05T08:00:00Z',
    // Keys with brackets, braces and escaped quotes inside strings, as FieldsV1 has them.
    fieldsV1: {
      'f:spec': {
        'f:containers': {
          'k:{"name":"web"}': { '.': {}, 'f:ports': { 'k:{"containerPort":8080,"protocol":"TCP"}': {} } },
        },
      },
      'f:x': { 'f:"]}\\': {} },
    },
  },
];

function without(o: Record<string, unknown>): unknown {
  return JSON.parse(JSON.stringify(o, (k, v) => (k === 'managedFields' ? undefined : v)));
}

describe('cutManagedFields', () => {
  const pod = (metaFirst: boolean) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: metaFirst
      ? {
          managedFields: managed,
          name: 'web-0',
          namespace: 'shop',
          annotations: { note: 'has "managedFields": [ in a value' },
        }
      : { name: 'web-0', namespace: 'shop', managedFields: managed },
    spec: { containers: [{ name: 'web', image: 'nginx' }] },
  });

  it.each([
    ['first member, compact', JSON.stringify(pod(true))],
    ['last member, compact', JSON.stringify(pod(false))],
    ['first member, indented as kubectl prints', JSON.stringify(pod(true), null, 4)],
    ['last member, indented as kubectl prints', JSON.stringify(pod(false), null, 4)],
    [
      'a List of both',
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [pod(true), pod(false)] }, null, 4),
    ],
  ])('%s', (_label, text) => {
    const cut = cutManagedFields(text);
    expect(cut).not.toContain('"managedFields":');
    expect(JSON.parse(cut)).toEqual(without(JSON.parse(text)));
  });

  it('keeps text without managedFields, or with a managedFields that is not an array, as it is', () => {
    const plain = JSON.stringify({ kind: 'Namespace', metadata: { name: 'a' } });
    expect(cutManagedFields(plain)).toBe(plain);
    const odd = JSON.stringify({ kind: 'Namespace', metadata: { name: 'a', managedFields: null } });
    expect(cutManagedFields(odd)).toBe(odd);
  });

  it('reports a syntax error at its place in the original file', () => {
    const text = `{"kind": "Pod",\n "metadata": {"managedFields": [{"manager": "x"}],\n "name": "a",, }}`;
    let e: unknown;
    try {
      parseText(text, 'pod.json');
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(IngestError);
    expect((e as IngestError).line).toBe(3);
  });
});
