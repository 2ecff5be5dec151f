// computeReach over a large source takes seconds (every peer pair against every policy),
// and the reach page asks again for each filter keystroke and page. Results are cached
// per source state and options, so only the first request of a source pays.

import { computeReach, ReachBoundError } from '../engine';
import type { ReachResult } from '../engine/types';
import type { ReachGranularity } from '../engine/reach';
import type { LoadedSource } from './sources';
import { ApiError } from './errors';
import { LRUCache } from 'lru-cache';
import { reachBounds, reachBudget, type ReachBudget } from './reach-bounds';
import { providerFor } from './sources';
import { scenarioProvider, shareProvider, snapshotProvider, uploadProvider } from './builtin-sources';
import { runTask } from './workers/pool';
import { outcomeOf } from './workers/outcome';

/** The server's reach bounds: the settings of reach-bounds.ts, 60 s when no time limit is set. */
const SERVER_BUDGET: ReachBudget = reachBudget(process.env, { timeoutMs: 60_000 });

/**
 * A passed bound as the API answers it: too many pairs is a property of the question
 * (422: ask a narrower one), time and memory of this server (503).
 */
export function boundError(err: ReachBoundError): ApiError {
  const extra = { bound: err.bound, limit: err.limit };
  if (err.bound === 'pairs') return new ApiError(422, 'reach too large', err.message, extra);
  return new ApiError(
    503,
    err.bound === 'time' ? 'reach timed out' : 'reach out of memory',
    err.message,
    extra,
  );
}

/** computeReach under the server's bounds; a passed bound is thrown as its API error. */
export function boundedReach(
  model: Parameters<typeof computeReach>[0],
  options: Parameters<typeof computeReach>[1],
  budget: ReachBudget = SERVER_BUDGET,
): ReachResult {
  try {
    return computeReach(model, options, reachBounds(budget));
  } catch (err) {
    throw err instanceof ReachBoundError ? boundError(err) : err;
  }
}

export interface ReachOptions {
  readonly granularity: ReachGranularity;
  readonly namespace?: string;
  readonly ipblockPods?: 'match' | 'outside';
}

interface ReachCache {
  readonly results: LRUCache<string, { model: object; result: Promise<ReachResult> }>;
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

/**
 * Sources a worker thread loads by id alone: the built-in providers' content never changes
 * under an id (a live cluster does, and its model lives in this thread), and a worker has
 * exactly these providers.
 */
const BUILTIN = new Set<object>([scenarioProvider, uploadProvider, snapshotProvider, shareProvider]);

function workerLoads(source: LoadedSource): boolean {
  const provider = providerFor(source.id);
  return source.version === undefined && provider !== undefined && BUILTIN.has(provider);
}

/**
 * computeReach under the server's bounds, remembered per (source id + version, granularity,
 * namespace). Built-in sources are computed in a worker thread (workers/pool.ts), which
 * loads the source by id, so the main thread stays free; others inline.
 */
export function reachOf(
  source: LoadedSource,
  options: ReachOptions,
  budget: ReachBudget = SERVER_BUDGET,
): Promise<ReachResult> {
  const key = reachKey(source, options);
  const hit = cache.results.get(key);
  // The model check guards against a provider replaced under the same id (tests, reconfiguration).
  if (hit && hit.model === source.model) return hit.result;
  const engineOptions = {
    granularity: options.granularity,
    ...(options.namespace ? { namespace: options.namespace } : {}),
    ...(options.ipblockPods ? { ipblockPods: options.ipblockPods } : {}),
  };
  const compute = () => boundedReach(source.model, engineOptions, budget);
  const result =
    workerLoads(source) && budget === SERVER_BUDGET
      ? runTask<ReachResult>('reach', { source: source.id, options: engineOptions }, () => outcomeOf(compute))
      : Promise.resolve().then(compute);
  cache.computed += 1;
  cache.results.set(key, { model: source.model, result });
  // A failed reach (a bound passed, a busy pool) is not remembered: the next request tries again.
  result.catch(() => cache.results.peek(key)?.result === result && cache.results.delete(key));
  return result;
}

/** For tests: how many times reach was actually computed, and a way to start empty. */
export const reachCacheStats = (): number => cache.computed;
export function clearReachCache(): void {
  cache.results.clear();
  cache.computed = 0;
}
