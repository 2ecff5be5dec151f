// The `live` source: the cluster read by lib/ingest/live (list + watch), registered
// when PACKETPATH_LIVE=1. Its version is the snapshot's build time, so a cluster
// change gives a new model while unchanged state reuses the cached one.

import { ensureLiveSource, liveSnapshot, liveStatus } from '../ingest/live';
import { ApiError } from './errors';
import type { SourceEntry, SourceProvider } from './sources';

export const liveProvider: SourceProvider = {
  prefix: 'live',
  async list() {
    const status = liveStatus();
    if (!status.enabled) return [];
    if (status.configError !== undefined) {
      return [
        {
          id: 'live',
          kind: 'live',
          title: 'Live cluster (not connected)',
          description: status.configError,
          tags: ['live'],
        },
      ];
    }
    const state = status.stale ? `stale: ${status.error ?? 'API server unreachable'}` : status.state;
    const entry: SourceEntry = {
      id: 'live',
      kind: 'live',
      title: `Live: ${status.context}`,
      description: `${status.server} (${state})`,
      createdAt: status.lastSyncAt,
      objectCount: status.objectCount,
      tags: ['live'],
    };
    return [entry];
  },
  async load(rest) {
    if (rest !== '' || !ensureLiveSource()) return undefined;
    const snapshot = await liveSnapshot();
    if (!snapshot) {
      const status = liveStatus();
      const why =
        status.enabled && status.configError !== undefined
          ? status.configError
          : 'the cluster has not been read completely yet; try again shortly';
      throw new ApiError(503, 'live source not ready', why, { source: 'live' });
    }
    return { snapshot, version: snapshot.meta.capturedAt };
  },
};
