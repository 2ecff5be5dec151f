// The packetpath snapshot file: one JSON (or YAML) document
//   {apiVersion: packetpath.dev/v1, kind: PacketpathSnapshot, meta, settings, objects}
// written by `packetpath snapshot` and the dashboard, accepted as INPUT everywhere.

import { SOURCE_KINDS } from '../model/source-id';
import type { ClusterSettings, Snapshot, SourceKind, SourceMeta } from '../model/types';
import { at, eachOf, isMap, optInt, optMap, optString, type Issues, type Json } from './validate/check';

export const SNAPSHOT_API_VERSION = 'packetpath.dev/v1';
export const SNAPSHOT_KIND = 'PacketpathSnapshot';

const MTU_MIN = 68;
const MTU_MAX = 65535;

export function isSnapshotDocument(v: unknown): v is Json {
  return isMap(v) && v.kind === SNAPSHOT_KIND;
}

/** Reads `meta` (defaults: kind snapshot, title from the file name). */
export function readSnapshotMeta(iss: Issues, v: unknown, fileName: string): SourceMeta {
  const m = optMap(iss, v, 'meta') ?? {};
  const kindValue = optString(iss, m.kind, 'meta.kind');
  let kind: SourceKind = 'snapshot';
  if (kindValue !== undefined) {
    if ((SOURCE_KINDS as readonly string[]).includes(kindValue)) kind = kindValue as SourceKind;
    else
      iss.push({
        code: 'INVALID_FIELD',
        field: 'meta.kind',
        reason: `"${kindValue}" is not one of ${SOURCE_KINDS.join(', ')}`,
      });
  }
  const title = optString(iss, m.title, 'meta.title') ?? fileName;
  const capturedAt = optString(iss, m.capturedAt, 'meta.capturedAt');
  const context = optString(iss, m.context, 'meta.context');
  return {
    kind,
    title,
    ...(capturedAt !== undefined ? { capturedAt } : {}),
    ...(context !== undefined ? { context } : {}),
  };
}

/** Reads and checks `settings` (underlayMTU, nodeUnderlayMTU). */
export function readSettings(iss: Issues, v: unknown, path = 'settings'): ClusterSettings {
  const s = optMap(iss, v, path);
  if (!s) return {};
  const underlayMTU = optInt(iss, s.underlayMTU, at(path, 'underlayMTU'), MTU_MIN, MTU_MAX);
  const perNode = optMap(iss, s.nodeUnderlayMTU, at(path, 'nodeUnderlayMTU'));
  let nodeUnderlayMTU: Record<string, number> | undefined;
  if (perNode) {
    nodeUnderlayMTU = {};
    for (const node of Object.keys(perNode).sort()) {
      const mtu = optInt(iss, perNode[node], at(at(path, 'nodeUnderlayMTU'), node), MTU_MIN, MTU_MAX);
      if (mtu !== undefined) nodeUnderlayMTU[node] = mtu;
    }
  }
  return {
    ...(underlayMTU !== undefined ? { underlayMTU } : {}),
    ...(nodeUnderlayMTU ? { nodeUnderlayMTU } : {}),
  };
}

/** The `objects` list (required, may be empty). */
export function readSnapshotObjects(iss: Issues, v: unknown): unknown[] {
  if (v === undefined || v === null) {
    iss.push({
      code: 'MISSING_FIELD',
      field: 'objects',
      reason: 'required field is missing (a list of Kubernetes objects)',
    });
    return [];
  }
  const list: unknown[] = [];
  eachOf(iss, v, 'objects', (item) => list.push(item));
  return list;
}

/** Merges settings: later values win, per-node maps are merged. */
export function mergeSettings(a: ClusterSettings, b: ClusterSettings): ClusterSettings {
  const nodeUnderlayMTU =
    a.nodeUnderlayMTU || b.nodeUnderlayMTU ? { ...a.nodeUnderlayMTU, ...b.nodeUnderlayMTU } : undefined;
  const underlayMTU = b.underlayMTU ?? a.underlayMTU;
  return {
    ...(underlayMTU !== undefined ? { underlayMTU } : {}),
    ...(nodeUnderlayMTU ? { nodeUnderlayMTU } : {}),
  };
}

/**
 * The snapshot file text for a Snapshot: stable key order at the top, two-space
 * JSON, final newline. Readable by `parseText` / `readInputs`.
 */
export function serializeSnapshot(snapshot: Snapshot): string {
  const doc = {
    apiVersion: SNAPSHOT_API_VERSION,
    kind: SNAPSHOT_KIND,
    meta: snapshot.meta,
    settings: snapshot.settings,
    objects: snapshot.objects,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
