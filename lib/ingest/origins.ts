// Remembers where each parsed object came from (file, document, list item) without
// putting anything into the object itself: a Snapshot must stay plain Kubernetes
// objects so it can be stored and shared. Objects that did not come through the
// parser (a stored snapshot, the live source) fall back to their index in the snapshot.

import type { KubeObject, Origin } from '../model/types';

const origins = new WeakMap<object, Origin>();

export function rememberOrigin(object: KubeObject, origin: Origin): void {
  origins.set(object, origin);
}

/** The object's origin, or `objects[index]` of the snapshot when it was not parsed here. */
export function originOf(object: KubeObject, index?: number): Origin {
  return origins.get(object) ?? (index === undefined ? {} : { path: `objects[${index}]` });
}
