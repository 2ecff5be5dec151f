// The source registry: resolves a SOURCE id (`scenario:SLUG`, `upload:ID`,
// `snapshot:ID`, `share:ID`, `live`) to its Snapshot and a ClusterModel built once.
// Each id prefix is served by a provider; the live-cluster source plugs in through
// `registerSourceProvider` like the built-in ones do.

import type { ClusterModel, Snapshot, SourceKind } from '../model/types';
import { SOURCE_ID_HINT, splitSourceId as parseSourceId } from '../model/source-id';
import { UnknownSourceError } from './errors';
import { closestNames } from '../model/did-you-mean';
import { getHeapStatistics } from 'node:v8';
import { Lru } from './lru';

/** One line of the source picker and of `GET /api/sources`. */
export interface SourceEntry {
  readonly id: string;
  readonly kind: SourceKind;
  readonly title: string;
  readonly createdAt?: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly objectCount?: number;
}

export interface ProvidedSnapshot {
  readonly snapshot: Snapshot;
  /**
   * Changes whenever the state behind the id changes (a live cluster). Sources whose
   * content never changes leave it out and are cached by id alone.
   */
  readonly version?: string;
  /** A provider that keeps its own model up to date (live) may hand it over. */
  readonly model?: ClusterModel;
}

export interface SourceProvider {
  /** The part before the first `:` (`scenario`), or the whole id for `live`. */
  readonly prefix: string;
  /** Listed in the picker; may be empty (e.g. no cluster connected). */
  list(): Promise<readonly SourceEntry[]>;
  /** `rest` is what follows `prefix:` ('' for a bare id). undefined = unknown id. */
  load(rest: string): Promise<ProvidedSnapshot | undefined>;
  /**
   * For content that never changes under its id (content-addressed uploads and snapshots,
   * shares, built-in scenarios): whether the id still names something, answered without
   * reading the snapshot. With it a cached model is served without loading (and parsing)
   * the stored snapshot again on every request; without it every request loads.
   */
  exists?(rest: string): Promise<boolean>;
}

export interface LoadedSource {
  readonly id: string;
  readonly snapshot: Snapshot;
  readonly model: ClusterModel;
  /** The provider's version of a changing source (live); results derived from it key on it. */
  readonly version?: string;
}

export type ModelBuilder = (snapshot: Snapshot) => ClusterModel;

// Next may evaluate this module once per route bundle; the registry lives on
// globalThis so a provider registered anywhere is seen by every route.
interface Registry {
  readonly providers: Map<string, SourceProvider>;
  /** Promises are cached so two requests for the same id build the model once. */
  readonly cache: Lru<string, Promise<LoadedSource>>;
  buildModel?: ModelBuilder;
}
const KEY = Symbol.for('packetpath.sources');
const holder = globalThis as { [KEY]?: Registry };
/**
 * Bytes a cached source holds per object of its snapshot (the snapshot plus the model
 * built from it), measured on the benchmark dumps: 4.3 KB at 1k pods, 3.7 KB at 10k.
 */
export const CACHED_BYTES_PER_OBJECT = 4096;

/**
 * The model cache's memory budget: PACKETPATH_MODEL_CACHE_BYTES, else a quarter of the
 * V8 heap limit (which follows the container's memory limit), so several large models
 * never crowd out the requests being served. PACKETPATH_MODEL_CACHE caps the count too.
 */
export function modelCacheBudget(env: Readonly<Record<string, string | undefined>> = process.env): {
  entries: number;
  bytes: number;
} {
  const bytes = Number(env.PACKETPATH_MODEL_CACHE_BYTES);
  return {
    entries: Number(env.PACKETPATH_MODEL_CACHE ?? 32),
    bytes: Number.isFinite(bytes) && bytes > 0 ? bytes : Math.floor(getHeapStatistics().heap_size_limit / 4),
  };
}

export function estimatedBytes(source: { readonly snapshot: Snapshot }): number {
  return source.snapshot.objects.length * CACHED_BYTES_PER_OBJECT;
}

const budget = modelCacheBudget();
const registry: Registry = (holder[KEY] ??= {
  providers: new Map(),
  cache: new Lru(budget.entries, budget.bytes),
});
const { providers, cache } = registry;

/** Adds (or replaces) the provider for one id prefix. */
export function registerSourceProvider(provider: SourceProvider): void {
  providers.set(provider.prefix, provider);
  // A replaced provider may serve different content under the same ids.
  cache.clear();
}

/** The function that turns snapshots into models (lib/ingest `loadModel`). */
export function setModelBuilder(builder: ModelBuilder): void {
  registry.buildModel = builder;
  cache.clear();
}

/** The id's provider prefix and rest; UnknownSourceError when the id is malformed. */
export function splitSourceId(id: string): { prefix: string; rest: string } {
  const parts = parseSourceId(id);
  if (!parts) throw new UnknownSourceError(id, `malformed source id (${SOURCE_ID_HINT})`);
  return parts;
}

/** Every source of every provider, in provider registration order. */
export async function listSources(): Promise<readonly SourceEntry[]> {
  const lists = await Promise.all(
    [...providers.values()].map((p) => p.list().catch(() => [] as SourceEntry[])),
  );
  return lists.flat();
}

/** How many source ids an unknown-source error lists. */
const LISTED_SOURCES = 12;

/** "no such source; did you mean scenario:x? Sources: a, b, ..." for an id that names nothing. */
async function noSuchSource(id: string): Promise<string> {
  const ids = (await listSources()).map((s) => s.id);
  const close = closestNames(id, ids, { key: (c) => c.slice(c.indexOf(':') + 1) });
  const listed =
    ids.slice(0, LISTED_SOURCES).join(', ') +
    (ids.length > LISTED_SOURCES ? `, … (${ids.length} in all)` : '');
  return `no such source${close.length ? `; did you mean ${close.join(', ')}?` : ''}${ids.length ? ` Sources: ${listed}` : ''}`;
}

/** Loads a source and its model; throws UnknownSourceError for ids naming nothing. */
export async function loadSource(id: string): Promise<LoadedSource> {
  const { prefix, rest } = splitSourceId(id);
  const provider = providers.get(prefix);
  if (!provider) throw new UnknownSourceError(id, `unknown source kind "${prefix}"`);
  if (provider.exists) {
    const cached = cache.get(id);
    if (cached && (await provider.exists(rest))) return cached;
  }
  const provided = await provider.load(rest);
  if (!provided) throw new UnknownSourceError(id, await noSuchSource(id));
  const key = provided.version === undefined ? id : `${id}@${provided.version}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const version = provided.version === undefined ? {} : { version: provided.version };
  const build = (async (): Promise<LoadedSource> => {
    if (provided.model) return { id, snapshot: provided.snapshot, model: provided.model, ...version };
    if (!registry.buildModel) throw new Error('no model builder registered');
    return { id, snapshot: provided.snapshot, model: registry.buildModel(provided.snapshot), ...version };
  })();
  cache.set(key, build);
  // A failed build is not remembered: the next request tries again. A built one weighs
  // its estimated bytes against the cache's memory budget.
  build.then(
    (loaded) => cache.peek(key) === build && cache.setWeight(key, estimatedBytes(loaded)),
    () => cache.delete(key),
  );
  return build;
}

/**
 * Caches a model built from exactly the snapshot stored under `id` (an upload checks
 * that its model builds before storing it): the first trace of a fresh upload does not
 * build the model a second time.
 */
export function primeSource(id: string, snapshot: Snapshot, model: ClusterModel): void {
  cache.set(id, Promise.resolve({ id, snapshot, model }), estimatedBytes({ snapshot }));
}

/** For tests: drop every provider and cached model. */
export function resetSourcesForTest(): void {
  providers.clear();
  delete registry.buildModel;
  cache.clear();
}
