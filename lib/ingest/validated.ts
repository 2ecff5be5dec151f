// Remembers that a snapshot's object list has already been validated, so the model
// build does not validate the same objects a second time (snapshotFromObjects validates
// every object of an upload or a file set, then loadModel builds the model from that very
// list). One entry per list, not per object: nothing for the GC to trace per object.
// The list is the key: a snapshot made any other way (a stored snapshot, the live source,
// a what-if overlay) has a fresh list and is validated by loadModel as before.

import type { IngestWarning, KubeObject } from '../model/types';

const validated = new WeakMap<readonly KubeObject[], readonly IngestWarning[]>();

export function rememberValidated(objects: readonly KubeObject[], warnings: readonly IngestWarning[]): void {
  validated.set(objects, warnings);
}

/** The validation warnings of a list validated before, or undefined when it was not. */
export function validatedWarnings(objects: readonly KubeObject[]): readonly IngestWarning[] | undefined {
  return validated.get(objects);
}
