// A source whose content never changes under its id is served from the model cache
// without loading its snapshot again (at L a stored snapshot is hundreds of MiB to read
// and parse per request); a source that is gone is not served from the cache.

import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterModel, Snapshot } from '../model/types';
import { UnknownSourceError } from './errors';
import { Lru } from './lru';
import {
  loadSource,
  modelCacheBudget,
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
  it('evicts least recently used entries past the byte budget, never the newest', () => {
    const lru = new Lru<string, string>(10, 100);
    lru.set('a', 'A', 40);
    lru.set('b', 'B', 40);
    lru.get('a');
    lru.set('c', 'C');
    lru.setWeight('c', 40); // c's size known once built: b (least recently used) goes
    expect([lru.peek('a'), lru.peek('b'), lru.peek('c')]).toEqual(['A', undefined, 'C']);
    expect(lru.weight).toBe(80);
    lru.set('huge', 'H', 500); // larger than the whole budget: kept alone
    expect(lru.size).toBe(1);
    expect(lru.peek('huge')).toBe('H');
  });

  it('takes its budget from PACKETPATH_MODEL_CACHE_BYTES, else a quarter of the heap limit', () => {
    expect(modelCacheBudget({ PACKETPATH_MODEL_CACHE_BYTES: '1000000' }).bytes).toBe(1_000_000);
    expect(modelCacheBudget({}).bytes).toBeGreaterThan(64 * 1024 * 1024);
    expect(modelCacheBudget({}).entries).toBe(32);
  });
});
