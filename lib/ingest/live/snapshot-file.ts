// The snapshot file written by `packetpath snapshot`: one YAML document of
// `kind: PacketpathSnapshot` holding the source metadata, settings and the raw objects,
// readable by every command and the dashboard as INPUT. lib/ingest's serializeSnapshot
// is the canonical writer; this one keeps the same shape.

import { stringify } from 'yaml';
import type { Snapshot } from '../../model/types';

export const SNAPSHOT_API_VERSION = 'packetpath.dev/v1';

export function serializeLiveSnapshot(snapshot: Snapshot): string {
  const doc = {
    apiVersion: SNAPSHOT_API_VERSION,
    kind: 'PacketpathSnapshot',
    meta: snapshot.meta,
    settings: snapshot.settings,
    objects: snapshot.objects,
  };
  // No anchors/aliases: repeated label maps must stay plain for other YAML readers.
  return stringify(doc, { aliasDuplicateObjects: false, lineWidth: 0 });
}
