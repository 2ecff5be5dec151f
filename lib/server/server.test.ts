import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { parseQuery, traceRouteSchema } from './validate';
import {
  loadSource,
  registerSourceProvider,
  resetSourcesForTest,
  setModelBuilder,
  splitSourceId,
} from './sources';
import type { ClusterModel, Snapshot } from '../model/types';

describe('parseQuery', () => {
  it('coerces numbers and protocol case, and treats empty values as absent', () => {
    expect(
      parseQuery(traceRouteSchema, new URLSearchParams('from=pod:a/b&to=svc:a/c&port=80&protocol=udp&size=')),
    ).toEqual({
      from: 'pod:a/b',
      to: 'svc:a/c',
      port: 80,
      protocol: 'UDP',
    });
  });

  it('throws a 400 naming the parameter', () => {
    try {
      parseQuery(traceRouteSchema, new URLSearchParams('from=pod:a/b&to=svc:a/c&size=abc'));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).status).toBe(400);
      expect((err as ApiError).detail).toMatch(/^size: /);
    }
  });
});

describe('parseQuery reports every bad field', () => {
  it('names each bad parameter in the detail and lists them for the form', () => {
    try {
      parseQuery(traceRouteSchema, new URLSearchParams('to=svc:a/c&port=99999&protocol=FOO&size=abc'));
      expect.unreachable();
    } catch (err) {
      const e = err as ApiError;
      expect(e.status).toBe(400);
      const problems = e.extra['problems'] as { field: string }[];
      expect(problems.map((p) => p.field)).toEqual(['from', 'port', 'protocol', 'size']);
      expect(e.detail).toContain('from: is required');
      expect(e.detail).toContain('protocol: must be one of SCTP, TCP, UDP (not "FOO")');
    }
  });

  it('protocol=FOO is an error, not TCP', () => {
    expect(() =>
      parseQuery(traceRouteSchema, new URLSearchParams('from=pod:a/b&to=svc:a/c&protocol=FOO')),
    ).toThrow(ApiError);
  });
});

describe('source registry', () => {
  const snapshot: Snapshot = { meta: { kind: 'scenario', title: 't' }, settings: {}, objects: [] };

  it('an unknown source says which ids are close and lists the sources', async () => {
    resetSourcesForTest();
    setModelBuilder(() => ({ meta: snapshot.meta }) as unknown as ClusterModel);
    registerSourceProvider({
      prefix: 'scenario',
      list: async () =>
        ['vxlan-mtu-blackhole', 'gateway-canary'].map((slug) => ({
          id: `scenario:${slug}`,
          title: slug,
          kind: 'scenario' as const,
        })) as never,
      load: async () => undefined,
    });
    await expect(loadSource('scenario:vxlan-mtu-blackhol')).rejects.toMatchObject({
      status: 404,
      detail:
        'scenario:vxlan-mtu-blackhol: no such source; did you mean scenario:vxlan-mtu-blackhole? Sources: scenario:vxlan-mtu-blackhole, scenario:gateway-canary',
    });
  });

  it('builds a model once per id and reports unknown ids', async () => {
    resetSourcesForTest();
    let builds = 0;
    setModelBuilder(() => {
      builds += 1;
      return { meta: snapshot.meta } as unknown as ClusterModel;
    });
    registerSourceProvider({
      prefix: 'scenario',
      list: async () => [],
      load: async (slug) => (slug === 'x' ? { snapshot } : undefined),
    });
    const [a, b] = await Promise.all([loadSource('scenario:x'), loadSource('scenario:x')]);
    expect(a.model).toBe(b.model);
    expect(builds).toBe(1);
    await expect(loadSource('scenario:y')).rejects.toMatchObject({ status: 404 });
    await expect(loadSource('live')).rejects.toMatchObject({ status: 404 });
  });

  it('rebuilds a versioned (live) source when its version changes', async () => {
    resetSourcesForTest();
    let builds = 0;
    setModelBuilder(() => ({ n: ++builds }) as unknown as ClusterModel);
    let version = '1';
    registerSourceProvider({
      prefix: 'live',
      list: async () => [],
      load: async () => ({ snapshot, version }),
    });
    const first = await loadSource('live');
    expect((await loadSource('live')).model).toBe(first.model);
    version = '2';
    expect((await loadSource('live')).model).not.toBe(first.model);
  });

  it('rejects malformed ids', () => {
    expect(() => splitSourceId('../x')).toThrow(ApiError);
    expect(splitSourceId('upload:abc')).toEqual({ prefix: 'upload', rest: 'abc' });
    expect(splitSourceId('live')).toEqual({ prefix: 'live', rest: '' });
  });
});

describe('reach cache', () => {
  it('computes reach once per source state and options', async () => {
    const { reachOf, clearReachCache, reachCacheStats } = await import('./reach-cache');
    const { getSource } = await import('./index');
    clearReachCache();
    const source = await getSource('scenario:default-deny-breaks-dns');
    const a = await reachOf(source, { granularity: 'workload' });
    expect(await reachOf(source, { granularity: 'workload' })).toBe(a);
    expect(reachCacheStats()).toBe(1);
    await reachOf(source, { granularity: 'pod' });
    await reachOf(source, { granularity: 'workload', namespace: 'shop' });
    expect(reachCacheStats()).toBe(3);
    // A new version of a live source is a new state: computed again.
    await reachOf({ ...source, version: 'v2' }, { granularity: 'workload' });
    expect(reachCacheStats()).toBe(4);
  });
});
