// The providers every deployment has: built-in scenarios, and what the store holds
// (uploads, named snapshots, frozen share links).

import { getScenario, scenarios, scenarioSnapshot } from '../scenarios';
import { getStore, isContentAddress, isShareId } from '../store';
import type { SnapshotSummary } from '../store';
import type { SourceEntry, SourceProvider } from './sources';
import { sourceId } from '../model/source-id';

export const scenarioProvider: SourceProvider = {
  prefix: 'scenario',
  async list() {
    return scenarios.map((s): SourceEntry => ({
      id: sourceId('scenario', s.slug),
      kind: 'scenario',
      title: s.title,
      description: s.story,
      tags: s.tags,
    }));
  },
  async load(slug) {
    const scenario = getScenario(slug);
    return scenario ? { snapshot: scenarioSnapshot(scenario) } : undefined;
  },
  async exists(slug) {
    return getScenario(slug) !== undefined;
  },
};

/**
 * How long a confirmed entry is believed without asking the store again. With SQLite the
 * summary query reads the stored row, whose body (hundreds of MiB at 50k pods) comes
 * before the object count: ~20 ms per question at 100 MB, measured, which at 50
 * concurrent traces of a large upload was most of the server's time.
 */
const EXISTS_TTL_MS = 2000;
// On globalThis like the source registry: Next may evaluate this module once per route
// bundle, and the delete route must clear what the trace route confirmed.
const CONFIRMED = Symbol.for('packetpath.stored-confirmed');
const confirmedHolder = globalThis as { [CONFIRMED]?: Map<string, number> };
const confirmed: Map<string, number> = (confirmedHolder[CONFIRMED] ??= new Map());

/** Forgets that `id` was confirmed, so this server stops serving it at once after a delete. */
export function forgetStored(id: string): void {
  confirmed.delete(sourceId('upload', id));
  confirmed.delete(sourceId('snapshot', id));
}

function storedProvider(prefix: 'upload' | 'snapshot'): SourceProvider {
  return {
    prefix,
    async list() {
      const store = await getStore();
      return (await store.listSnapshots(prefix)).map((s: SnapshotSummary) => entryOf(prefix, s));
    },
    async load(id) {
      if (!isContentAddress(id)) return undefined;
      const store = await getStore();
      // The content may outlive this entry (a share link of the same content keeps it): the
      // id names an upload or a saved snapshot only while its catalogue entry is there.
      if ((await store.getSnapshotSummary(id, prefix)) === undefined) return undefined;
      const snapshot = await store.getSnapshot(id);
      return snapshot ? { snapshot } : undefined;
    },
    // Content-addressed: the id names one content for good, so a cached model stays right
    // as long as the entry is there (a deleted snapshot is not served from the cache, at
    // most EXISTS_TTL_MS after its deletion).
    async exists(id) {
      if (!isContentAddress(id)) return false;
      const key = sourceId(prefix, id);
      const seen = confirmed.get(key);
      if (seen !== undefined && Date.now() - seen < EXISTS_TTL_MS) return true;
      const there = (await (await getStore()).getSnapshotSummary(id, prefix)) !== undefined;
      if (there) confirmed.set(key, Date.now());
      else confirmed.delete(key);
      return there;
    },
  };
}

export function entryOf(prefix: 'upload' | 'snapshot', s: SnapshotSummary): SourceEntry {
  return {
    id: sourceId(prefix, s.id),
    kind: prefix,
    title: s.name,
    createdAt: s.createdAt,
    objectCount: s.objectCount,
  };
}

export const uploadProvider = storedProvider('upload');
export const snapshotProvider = storedProvider('snapshot');

/** `share:ID` serves the snapshot frozen with a share link; shares are not listed. */
export const shareProvider: SourceProvider = {
  prefix: 'share',
  async list() {
    return [];
  },
  async load(id) {
    if (!isShareId(id)) return undefined;
    const store = await getStore();
    const share = await store.getShare(id);
    const snapshot = share && (await store.getSnapshot(share.snapshotId));
    return snapshot ? { snapshot } : undefined;
  },
  // A share freezes its snapshot; an expired or deleted share is no longer found.
  async exists(id) {
    return isShareId(id) && (await (await getStore()).getShare(id)) !== undefined;
  },
};
