// A source whose content never changes under its id is served from the model cache
// without loading its snapshot again (at L a stored snapshot is hundreds of MiB to read
// and parse per request); a source that is gone is not served from the cache.

import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterModel, Snapshot } from '../model/types';
import type { LoadedSource } from './sources';
import { UnknownSourceError } from './errors';
import { CACHED_BYTES_PER_OBJECT, createModelCache, modelCacheBudget } from './model-cache';
import {
  loadSource,
  primeSource,
  registerSourceProvider,
  resetSourcesForTest,
  setModelBuilder,
} from './sources';

const snapshot: Snapshot = { meta: { kind: 'upload', title: 't' }, settings: {}, objects: [] };

function setUp(): { loads: number; builds: number; present: Set<string> } {
  const counts = { loads: 0, builds: 0, present: new Set(['a', 'b']) };
  setModelBuilder(() => {
    counts.builds++;
    return { pods: new Map() } as unknown as ClusterModel;
  });
  registerSourceProvider({
    prefix: 'upload',
    list: async () => [],
    load: async (rest) => {
      counts.loads++;
      return counts.present.has(rest) ? { snapshot } : undefined;
    },
    exists: async (rest) => counts.present.has(rest),
  });
  return counts;
}

afterEach(() => resetSourcesForTest());

describe('the model cache of immutable sources', () => {
  it('loads and builds once, then answers from the cache after an existence check', async () => {
    const c = setUp();
    const first = await loadSource('upload:a');
    const again = await loadSource('upload:a');
    expect(again).toBe(first);
    expect(c.loads).toBe(1);
    expect(c.builds).toBe(1);
  });

  it('does not serve a deleted source from the cache', async () => {
    const c = setUp();
    await loadSource('upload:a');
    c.present.delete('a');
    await expect(loadSource('upload:a')).rejects.toBeInstanceOf(UnknownSourceError);
  });

  it('serves a primed upload without loading or building', async () => {
    const c = setUp();
    const model = { pods: new Map() } as unknown as ClusterModel;
    primeSource('upload:b', snapshot, model);
    expect((await loadSource('upload:b')).model).toBe(model);
    expect(c.loads).toBe(0);
    expect(c.builds).toBe(0);
  });
});

describe('the memory budget of the model cache', () => {
  // A source of n objects, as the cache weighs it (CACHED_BYTES_PER_OBJECT each).
  const sized = (id: string, n: number): LoadedSource => ({
    id,
    snapshot: { ...snapshot, objects: Array.from({ length: n }, () => ({})) } as unknown as Snapshot,
    model: { pods: new Map() } as unknown as ClusterModel,
  });
  const kept = (cache: ReturnType<typeof createModelCache>) => [...cache.keys()].sort();

  it('evicts least recently used entries past the byte budget, never the newest', async () => {
    const cache = createModelCache({ entries: 10, bytes: 100 * CACHED_BYTES_PER_OBJECT });
    cache.set('a', sized('a', 40));
    cache.set('b', sized('b', 40));
    cache.get('a');
    // c's size is known once built (fetch): b, the least recently used, goes.
    await cache.fetch('c', { context: () => sized('c', 40) });
    expect(kept(cache)).toEqual(['a', 'c']);
    expect(cache.calculatedSize).toBe(80 * CACHED_BYTES_PER_OBJECT);
    // Larger than the whole budget: kept, alone.
    await cache.fetch('huge', { context: () => sized('huge', 500) });
    expect(kept(cache)).toEqual(['huge']);
  });

  it('builds once for concurrent requests and forgets a failed build', async () => {
    const cache = createModelCache({ entries: 10, bytes: 100 * CACHED_BYTES_PER_OBJECT });
    let builds = 0;
    const build = async () => {
      builds++;
      return sized('a', 1);
    };
    const [x, y] = await Promise.all([
      cache.fetch('a', { context: build }),
      cache.fetch('a', { context: build }),
    ]);
    expect(x).toBe(y);
    expect(builds).toBe(1);
    await expect(
      cache.fetch('bad', {
        context: () => {
          throw new Error('model does not build');
        },
      }),
    ).rejects.toThrow('model does not build');
    expect(cache.has('bad')).toBe(false);
  });

  it('caps the count too', () => {
    const cache = createModelCache({ entries: 2, bytes: 100 * CACHED_BYTES_PER_OBJECT });
    for (const id of ['a', 'b', 'c']) cache.set(id, sized(id, 1));
    expect(kept(cache)).toEqual(['b', 'c']);
  });

  it('takes its budget from PACKETPATH_MODEL_CACHE_BYTES, else a quarter of the heap limit', () => {
    expect(modelCacheBudget({ PACKETPATH_MODEL_CACHE_BYTES: '1000000' }).bytes).toBe(1_000_000);
    expect(modelCacheBudget({}).bytes).toBeGreaterThan(64 * 1024 * 1024);
    expect(modelCacheBudget({}).entries).toBe(32);
  });
});
