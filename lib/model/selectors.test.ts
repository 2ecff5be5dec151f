import { describe, expect, it } from 'vitest';
import { indexModel } from './index-model';
import { isEmptySelector, matchesLabels, matchesSelector, selectNamespaces, selectPods } from './selectors';
import type { Pod } from './types';

describe('matchesSelector', () => {
  const labels = { app: 'web', tier: 'front', env: '' };

  it('matches everything with an empty or absent selector', () => {
    expect(matchesSelector(undefined, labels)).toBe(true);
    expect(matchesSelector({}, {})).toBe(true);
    expect(matchesSelector({ matchLabels: {}, matchExpressions: [] }, labels)).toBe(true);
  });

  it('requires every matchLabels pair', () => {
    expect(matchesSelector({ matchLabels: { app: 'web', tier: 'front' } }, labels)).toBe(true);
    expect(matchesSelector({ matchLabels: { app: 'web', tier: 'back' } }, labels)).toBe(false);
    expect(matchesSelector({ matchLabels: { missing: '' } }, labels)).toBe(false);
    expect(matchesSelector({ matchLabels: { env: '' } }, labels)).toBe(true);
  });

  it('In: the key exists with one of the values', () => {
    expect(
      matchesSelector({ matchExpressions: [{ key: 'app', operator: 'In', values: ['db', 'web'] }] }, labels),
    ).toBe(true);
    expect(
      matchesSelector({ matchExpressions: [{ key: 'app', operator: 'In', values: ['db'] }] }, labels),
    ).toBe(false);
    expect(
      matchesSelector({ matchExpressions: [{ key: 'nope', operator: 'In', values: [''] }] }, labels),
    ).toBe(false);
  });

  it('NotIn: the key is absent or has another value', () => {
    expect(
      matchesSelector({ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['db'] }] }, labels),
    ).toBe(true);
    expect(
      matchesSelector({ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }, labels),
    ).toBe(false);
    expect(
      matchesSelector({ matchExpressions: [{ key: 'nope', operator: 'NotIn', values: ['x'] }] }, labels),
    ).toBe(true);
  });

  it('Exists and DoesNotExist look at the key only', () => {
    expect(matchesSelector({ matchExpressions: [{ key: 'env', operator: 'Exists' }] }, labels)).toBe(true);
    expect(matchesSelector({ matchExpressions: [{ key: 'nope', operator: 'Exists' }] }, labels)).toBe(false);
    expect(matchesSelector({ matchExpressions: [{ key: 'nope', operator: 'DoesNotExist' }] }, labels)).toBe(
      true,
    );
    expect(matchesSelector({ matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] }, labels)).toBe(
      false,
    );
  });

  it('ANDs matchLabels and matchExpressions', () => {
    const sel = {
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'tier', operator: 'In' as const, values: ['back'] }],
    };
    expect(matchesSelector(sel, labels)).toBe(false);
    expect(matchesSelector(sel, { ...labels, tier: 'back' })).toBe(true);
  });

  it('equality selectors and emptiness', () => {
    expect(matchesLabels({ app: 'web' }, labels)).toBe(true);
    expect(matchesLabels({ app: 'db' }, labels)).toBe(false);
    expect(isEmptySelector({ matchLabels: {} })).toBe(true);
    expect(isEmptySelector({ matchExpressions: [{ key: 'a', operator: 'Exists' }] })).toBe(false);
  });
});

function pod(namespace: string, name: string, labels: Record<string, string>, extra: Partial<Pod> = {}): Pod {
  return {
    key: `${namespace}/${name}`,
    namespace,
    name,
    labels,
    annotations: {},
    ips: [],
    hostNetwork: false,
    ready: true,
    ports: [],
    workload: { namespace, name, kind: 'Pod' },
    synthesized: false,
    origin: {},
    ...extra,
  };
}

describe('selectPods / selectNamespaces', () => {
  const pods = [
    pod('x', 'b', { app: 'web', tier: 'front' }),
    pod('x', 'a', { app: 'db' }),
    pod('y', 'c', { app: 'web' }),
    pod('y', 'd', { app: 'cache', tier: 'back' }),
  ];
  const model = indexModel(
    {
      namespaces: [
        { name: 'y', labels: { 'kubernetes.io/metadata.name': 'y', team: 't' }, declared: true },
        { name: 'x', labels: { 'kubernetes.io/metadata.name': 'x' }, declared: false },
      ],
      nodes: [],
      pods,
      services: [],
      endpointSlices: [],
      networkPolicies: [],
      adminPolicies: [],
    },
    { kind: 'upload', title: 't' },
    {},
    new Map(),
    [],
  );
  const names = (list: readonly Pod[]) => list.map((p) => p.key);

  it('selects in one namespace or all, sorted by key', () => {
    expect(names(selectPods(model, 'x', {}))).toEqual(['x/a', 'x/b']);
    expect(names(selectPods(model, undefined, undefined))).toEqual(['x/a', 'x/b', 'y/c', 'y/d']);
    expect(names(selectPods(model, undefined, { matchLabels: { app: 'web' } }))).toEqual(['x/b', 'y/c']);
    expect(names(selectPods(model, 'y', { matchLabels: { app: 'web' } }))).toEqual(['y/c']);
    expect(names(selectPods(model, 'z', {}))).toEqual([]);
  });

  it('uses In requirements and other operators together', () => {
    expect(
      names(
        selectPods(model, undefined, {
          matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'cache'] }],
        }),
      ),
    ).toEqual(['x/b', 'y/c', 'y/d']);
    expect(
      names(
        selectPods(model, undefined, {
          matchExpressions: [
            { key: 'app', operator: 'In', values: ['web', 'cache'] },
            { key: 'tier', operator: 'DoesNotExist' },
          ],
        }),
      ),
    ).toEqual(['y/c']);
    expect(
      names(
        selectPods(model, undefined, {
          matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }],
        }),
      ),
    ).toEqual(['x/a', 'y/d']);
  });

  it('selects namespaces by labels, sorted', () => {
    expect(selectNamespaces(model, {}).map((n) => n.name)).toEqual(['x', 'y']);
    expect(selectNamespaces(model, { matchLabels: { team: 't' } }).map((n) => n.name)).toEqual(['y']);
  });
});
