// The model cache: built sources by id (and version), bounded by their estimated bytes as
// well as by count, least recently used first out (lru-cache with maxSize +
// sizeCalculation). Builds go through lru-cache's fetch(), so two requests for the same id
// build the model once and a failed build is not remembered.

import { getHeapStatistics } from 'node:v8';
import { LRUCache } from 'lru-cache';
import type { Snapshot } from '../model/types';
import type { LoadedSource } from './sources';

/**
 * Bytes a cached source holds per object of its snapshot (the snapshot plus the model
 * built from it), measured on the benchmark dumps: 4.3 KB at 1k pods, 3.7 KB at 10k.
 */
export const CACHED_BYTES_PER_OBJECT = 4096;

export interface ModelCacheBudget {
  /** At most this many built sources. */
  readonly entries: number;
  /** At most this many estimated bytes (CACHED_BYTES_PER_OBJECT per snapshot object). */
  readonly bytes: number;
}

/**
 * The model cache's memory budget: PACKETPATH_MODEL_CACHE_BYTES, else a quarter of the
 * V8 heap limit (which follows the container's memory limit), so several large models
 * never crowd out the requests being served. PACKETPATH_MODEL_CACHE caps the count too.
 */
export function modelCacheBudget(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ModelCacheBudget {
  const bytes = Number(env.PACKETPATH_MODEL_CACHE_BYTES);
  return {
    entries: Number(env.PACKETPATH_MODEL_CACHE ?? 32),
    bytes: Number.isFinite(bytes) && bytes > 0 ? bytes : Math.floor(getHeapStatistics().heap_size_limit / 4),
  };
}

export function estimatedBytes(source: { readonly snapshot: Snapshot }): number {
  return source.snapshot.objects.length * CACHED_BYTES_PER_OBJECT;
}

/** What fetch() builds on a miss: the caller knows how (its provider's answer). */
export type BuildSource = () => LoadedSource | Promise<LoadedSource>;

export type ModelCache = LRUCache<string, LoadedSource, BuildSource>;

export function createModelCache(budget: ModelCacheBudget): ModelCache {
  const maxSize = Math.max(1, Math.floor(budget.bytes));
  return new LRUCache<string, LoadedSource, BuildSource>({
    max: budget.entries,
    maxSize,
    // A source larger than the whole budget is clamped to it rather than refused: it
    // evicts everything else and is kept alone, since rebuilding it on every request
    // would cost far more than the memory it holds.
    sizeCalculation: (source) => Math.min(maxSize, Math.max(1, estimatedBytes(source))),
    fetchMethod: async (_key, _stale, { context }) => context(),
    // A build that finishes after its entry was evicted (a large neighbour arrived) still
    // answers the request that started it.
    ignoreFetchAbort: true,
  });
}
