// One object of a source as YAML, for the "show YAML" link of a finding's evidence.

import { stringify } from 'yaml';
import type { KubeObject, Snapshot } from '../model/types';

const indexes = new WeakMap<Snapshot, Map<string, KubeObject>>();

const keyOf = (kind: string, namespace: string | undefined, name: string) =>
  `${kind.toLowerCase()}/${namespace ?? ''}/${name}`;

function indexOf(snapshot: Snapshot): Map<string, KubeObject> {
  let index = indexes.get(snapshot);
  if (!index) {
    index = new Map();
    for (const obj of snapshot.objects) {
      const name = obj.metadata?.name;
      if (!name || typeof obj.kind !== 'string') continue;
      index.set(keyOf(obj.kind, obj.metadata.namespace, name), obj);
      // Evidence may name a cluster-scoped object with the namespace of the finding.
      if (!index.has(keyOf(obj.kind, undefined, name))) index.set(keyOf(obj.kind, undefined, name), obj);
    }
    indexes.set(snapshot, index);
  }
  return index;
}

/** The object, or undefined when the source holds no such object. */
export function findObject(
  snapshot: Snapshot,
  kind: string,
  namespace: string | undefined,
  name: string,
): KubeObject | undefined {
  const index = indexOf(snapshot);
  const exact = index.get(keyOf(kind, namespace, name));
  if (exact) return exact;
  const byName = index.get(keyOf(kind, undefined, name));
  // Without a namespace any object of that name answers; with one, only a cluster-scoped one.
  return byName && (!namespace || !byName.metadata.namespace) ? byName : undefined;
}

/** YAML without the noise `kubectl get -o yaml` adds (managedFields). */
export function objectYaml(obj: KubeObject): string {
  const { managedFields: _m, ...metadata } = obj.metadata;
  return stringify({ ...obj, metadata }, { lineWidth: 0 });
}
