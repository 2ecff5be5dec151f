// Drops what the API server adds for its own bookkeeping and the engine never reads, as
// soon as an object is parsed: metadata.managedFields (often larger than the object
// itself) and the kubectl.kubernetes.io/last-applied-configuration annotation (a full
// second copy of the applied object). Kept out of the model, the stored snapshot and the
// memory held per cached source. The live source drops the same fields (live/list.ts).

import type { KubeObject } from '../model/types';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Removes managedFields and last-applied-configuration from `object`'s metadata, in
 * place (the object was just parsed and is ours), replacing the metadata map rather than
 * deleting keys so V8 keeps the objects' fast shapes.
 */
export function stripBookkeeping(object: KubeObject): void {
  const metadata = object.metadata as Record<string, unknown> | undefined;
  if (!metadata || typeof metadata !== 'object') return;
  const annotations = metadata.annotations;
  const lastApplied = annotations !== null && typeof annotations === 'object' && LAST_APPLIED in annotations;
  if (metadata.managedFields === undefined && !lastApplied) return;
  const { managedFields: _managed, ...rest } = metadata;
  if (lastApplied) {
    const { [LAST_APPLIED]: _applied, ...kept } = annotations as Record<string, unknown>;
    rest.annotations = kept;
  }
  (object as { metadata: unknown }).metadata = rest;
}
