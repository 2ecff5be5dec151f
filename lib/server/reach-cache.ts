// computeReach over a large source takes seconds (every peer pair against every policy),
// and the reach page asks again for each filter keystroke and page. Results are cached
// per source state and options, so only the first request of a source pays.

import { computeReach } from '../engine';
import type { ReachResult } from '../engine/types';
import type { ReachGranularity } from '../engine/reach';
import type { LoadedSource } from './sources';
import { LRUCache } from 'lru-cache';

export interface ReachOptions {
  readonly granularity: ReachGranularity;
  readonly namespace?: string;
  readonly ipblockPods?: 'match' | 'outside';
}

interface ReachCache {
  readonly results: LRUCache<string, { model: object; result: ReachResult }>;
  computed: number;
}
// On globalThis like the source registry: Next may evaluate this module once per route bundle.
const KEY = Symbol.for('packetpath.reach-cache');
const holder = globalThis as { [KEY]?: ReachCache };
const cache: ReachCache = (holder[KEY] ??= {
  results: new LRUCache({ max: Number(process.env.PACKETPATH_REACH_CACHE ?? 8) }),
  computed: 0,
});

/** Content never changes under an id except for versioned (live) sources, hence id + version. */
export function reachKey(source: Pick<LoadedSource, 'id' | 'version'>, options: ReachOptions): string {
  return JSON.stringify([
    source.id,
    source.version ?? null,
    options.granularity,
    options.namespace ?? null,
    options.ipblockPods ?? null,
  ]);
}

/** computeReach, remembered per (source id + version, granularity, namespace). */
export function reachOf(source: LoadedSource, options: ReachOptions): ReachResult {
  const key = reachKey(source, options);
  const hit = cache.results.get(key);
  // The model check guards against a provider replaced under the same id (tests, reconfiguration).
  if (hit && hit.model === source.model) return hit.result;
  const result = computeReach(source.model, {
    granularity: options.granularity,
    ...(options.namespace ? { namespace: options.namespace } : {}),
    ...(options.ipblockPods ? { ipblockPods: options.ipblockPods } : {}),
  });
  cache.computed += 1;
  cache.results.set(key, { model: source.model, result });
  return result;
}

/** For tests: how many times reach was actually computed, and a way to start empty. */
export const reachCacheStats = (): number => cache.computed;
export function clearReachCache(): void {
  cache.results.clear();
  cache.computed = 0;
}
