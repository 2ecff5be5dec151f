// The scenario builders: RFC 7386 merge patch, change application, address arithmetic,
// deterministic names and the seeded large-cluster generator.

import { describe, expect, it } from 'vitest';
import { loadModel } from 'lib/ingest';
import { nameSuffix, templateHash, uidFor } from 'lib/scenarios/build/ids';
import { intToIp, ipToInt, nthIp, subnet } from 'lib/scenarios/build/ip';
import { applyChanges, mergePatch } from 'lib/scenarios/build/patch';
import { obj } from 'lib/scenarios/build/meta';
import {
  appPodRef,
  DEFAULT_LARGE_CLUSTER,
  generateLargeCluster,
  type LargeClusterParams,
} from 'lib/scenarios/generate/large-cluster';

describe('mergePatch (RFC 7386)', () => {
  it('merges objects, replaces arrays and scalars, deletes on null', () => {
    expect(
      mergePatch({ a: 1, b: { c: 2, d: 3 }, e: [1, 2] }, { b: { c: 9, d: null }, e: [3], f: 'x' }),
    ).toEqual({ a: 1, b: { c: 9 }, e: [3], f: 'x' });
    expect(mergePatch({ a: 1 }, 'text')).toBe('text');
    expect(mergePatch([1], { a: 1 })).toEqual({ a: 1 });
  });
});

describe('applyChanges', () => {
  const svc = obj(
    'v1',
    'Service',
    { name: 'web', namespace: 'shop', generation: 1 },
    { spec: { externalTrafficPolicy: 'Cluster' } },
  );
  it('patches the targeted object, bumps generation and resourceVersion, keeps the rest', () => {
    const other = obj('v1', 'ConfigMap', { name: 'x', namespace: 'shop' }, { data: { a: '1' } });
    const [patched, untouched] = applyChanges(
      [svc, other],
      [
        {
          op: 'merge',
          target: { kind: 'Service', name: 'web', namespace: 'shop' },
          patch: { spec: { externalTrafficPolicy: 'Local' } },
        },
      ],
    );
    expect(patched!['spec']).toEqual({ externalTrafficPolicy: 'Local' });
    expect(patched!.metadata.generation).toBe(2);
    expect(patched!.metadata.resourceVersion).not.toBe(svc.metadata.resourceVersion);
    expect(untouched).toBe(other);
  });
  it('refuses a change that matches nothing', () => {
    expect(() =>
      applyChanges([svc], [{ op: 'merge', target: { kind: 'Service', name: 'nope' }, patch: {} }]),
    ).toThrow(/nothing to patch/);
    expect(() => applyChanges([svc], [{ op: 'delete', target: { kind: 'Service', name: 'nope' } }])).toThrow(
      /nothing to delete/,
    );
  });
  it('adds and deletes objects', () => {
    const cm = obj('v1', 'ConfigMap', { name: 'x', namespace: 'shop' });
    expect(
      applyChanges(
        [svc],
        [
          { op: 'add', objects: [cm] },
          { op: 'delete', target: { kind: 'Service', name: 'web' } },
        ],
      ),
    ).toEqual([cm]);
  });
});

describe('address helpers', () => {
  it('converts and slices IPv4 ranges', () => {
    expect(intToIp(ipToInt('10.244.3.17'))).toBe('10.244.3.17');
    expect(nthIp('10.244.3.0/24', 1)).toBe('10.244.3.1');
    expect(subnet('10.244.0.0/16', 24, 3)).toBe('10.244.3.0/24');
    expect(subnet('192.168.1.0/24', 26, 1)).toBe('192.168.1.64/26');
    expect(() => nthIp('10.0.0.0/30', 4)).toThrow(RangeError);
    expect(() => ipToInt('10.0.0.256')).toThrow(RangeError);
  });
});

describe('generated names', () => {
  it("are stable and shaped like the API server's", () => {
    expect(uidFor('x')).toBe(uidFor('x'));
    expect(uidFor('x')).not.toBe(uidFor('y'));
    expect(nameSuffix('pod-a')).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(templateHash('shop/web')).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{9,10}$/);
  });
});

describe('generateLargeCluster', () => {
  const small: LargeClusterParams = {
    seed: 'unit',
    nodes: 6,
    namespaces: 4,
    pods: 120,
    services: 90,
    policies: 20,
    kubeProxyMode: 'iptables',
  };

  it('is deterministic for a seed and differs across seeds', () => {
    expect(JSON.stringify(generateLargeCluster(small))).toBe(JSON.stringify(generateLargeCluster(small)));
    expect(JSON.stringify(generateLargeCluster({ ...small, seed: 'other' }))).not.toBe(
      JSON.stringify(generateLargeCluster(small)),
    );
  });

  it('produces the requested numbers of nodes, pods, services and policies', () => {
    const model = loadModel({
      meta: { kind: 'files', title: 'generated' },
      settings: {},
      objects: generateLargeCluster(small),
    });
    expect(model.nodes.size).toBe(small.nodes + 1);
    const appPods = [...model.pods.values()].filter((p) => p.namespace.startsWith('team-'));
    expect(appPods).toHaveLength(small.pods);
    expect([...model.services.values()].filter((s) => s.namespace.startsWith('team-'))).toHaveLength(
      small.services,
    );
    expect(model.networkPolicies).toHaveLength(small.policies);
    expect(model.pods.has(appPodRef(small, 0).slice('pod:'.length))).toBe(true);
  });

  it('builds the default ~5,000-pod cluster', () => {
    const objects = generateLargeCluster(DEFAULT_LARGE_CLUSTER);
    expect(objects.filter((o) => o.kind === 'Pod' && o.metadata.namespace?.startsWith('team-'))).toHaveLength(
      5000,
    );
    expect(objects.filter((o) => o.kind === 'Node')).toHaveLength(51);
  });

  it('rejects impossible layouts', () => {
    expect(() => generateLargeCluster({ ...small, nodes: 0 })).toThrow(RangeError);
    expect(() => generateLargeCluster({ ...small, nodes: 2, pods: 1000 })).toThrow(/exceed/);
  });
});
