// The source registry: resolves a SOURCE id (`scenario:SLUG`, `upload:ID`,
// `snapshot:ID`, `share:ID`, `live`) to its Snapshot and a ClusterModel built once.
// Each id prefix is served by a provider; the live-cluster source plugs in through
// `registerSourceProvider` like the built-in ones do.

import type { ClusterModel, Snapshot, SourceKind } from '../model/types';
import { SOURCE_ID_HINT, splitSourceId as parseSourceId } from '../model/source-id';
import { UnknownSourceError } from './errors';
import { createModelCache, modelCacheBudget, type BuildSource, type ModelCache } from './model-cache';
import type { LRUCache } from 'lru-cache';
import { log } from '../ops/log';
import { metrics } from '../ops/metrics';
import { closestNames } from '../model/did-you-mean';
import { hasHidden, revealHidden } from '../model/hidden-chars';

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
  readonly cache: ModelCache;
  buildModel?: ModelBuilder;
}
const KEY = Symbol.for('packetpath.sources');
const holder = globalThis as { [KEY]?: Registry };
const registry: Registry = (holder[KEY] ??= {
  providers: new Map(),
  cache: createModelCache(modelCacheBudget()),
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

/** The provider that serves `id` now, if any. */
export function providerFor(id: string): SourceProvider | undefined {
  const parts = parseSourceId(id);
  return parts ? providers.get(parts.prefix) : undefined;
}

/** Every source of every provider, in provider registration order. */
export async function listSources(): Promise<readonly SourceEntry[]> {
  const lists = await Promise.all(
    [...providers.values()].map((p) => p.list().catch(() => [] as SourceEntry[])),
  );
  // Titles are display text taken from uploads and snapshots: shown with their hidden
  // formatting characters as code points wherever they appear (lib/model/hidden-chars.ts).
  return lists.flat().map((s) => (hasHidden(s.title) ? { ...s, title: revealHidden(s.title) } : s));
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
    if (cached && (await provider.exists(rest))) {
      metrics.modelCache.inc({ result: 'hit' });
      return cached;
    }
  }
  const provided = await provider.load(rest);
  if (!provided) throw new UnknownSourceError(id, await noSuchSource(id));
  const key = provided.version === undefined ? id : `${id}@${provided.version}`;
  const version = provided.version === undefined ? {} : { version: provided.version };
  const status: LRUCache.Status<string, LoadedSource, BuildSource> = {};
  const loaded = await cache.fetch(key, {
    status,
    context: (): LoadedSource => {
      if (provided.model) return { id, snapshot: provided.snapshot, model: provided.model, ...version };
      if (!registry.buildModel) throw new Error('no model builder registered');
      return { id, snapshot: provided.snapshot, model: built(id, prefix, provided.snapshot), ...version };
    },
  });
  // Joining a build already under way costs no build of its own: a hit.
  metrics.modelCache.inc({ result: status.fetch === 'miss' ? 'miss' : 'hit' });
  // The fetch method always answers a source or throws; undefined would be a bug here.
  if (!loaded) throw new Error(`model cache returned nothing for ${key}`);
  return loaded;
}

/** The registered builder's model, timed, counted and logged. */
function built(id: string, kind: string, snapshot: Snapshot): ClusterModel {
  const startedAt = performance.now();
  const objects = snapshot.objects.length;
  try {
    const model = registry.buildModel!(snapshot);
    const seconds = (performance.now() - startedAt) / 1000;
    metrics.modelBuilds.inc({ kind, outcome: 'ok' });
    metrics.modelBuildDuration.observe({ kind }, seconds);
    log.info({ source: id, objects, durationMs: Math.round(seconds * 1000) }, 'model built');
    return model;
  } catch (err) {
    metrics.modelBuilds.inc({ kind, outcome: 'error' });
    // Bad input reaches the client as a 400; the log keeps the operator's side of it.
    log.warn({ source: id, objects, err }, 'model build failed');
    throw err;
  }
}

/**
 * Caches a model built from exactly the snapshot stored under `id` (an upload checks
 * that its model builds before storing it): the first trace of a fresh upload does not
 * build the model a second time.
 */
export function primeSource(id: string, snapshot: Snapshot, model: ClusterModel): void {
  cache.set(id, { id, snapshot, model });
}

/** Whether this thread's model cache holds the model of `id` (an unversioned source). */
export function heldHere(id: string): boolean {
  return cache.has(id);
}

/** For tests: drop every provider and cached model. */
export function resetSourcesForTest(): void {
  providers.clear();
  delete registry.buildModel;
  cache.clear();
}
