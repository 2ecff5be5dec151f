// ObjectMeta as the API server returns it: uid, resourceVersion, creationTimestamp and
// owner references filled in deterministically.

import type { KubeObject } from '../../model/types';
import { fnv1a, stamp, uidFor } from './ids';

export type Meta = KubeObject['metadata'];

export interface MetaInput {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly generateName?: string;
  /** Minutes after cluster creation. */
  readonly createdAt?: number;
  readonly owner?: KubeObject;
  readonly generation?: number;
}

/** The uid a builder assigns to `kind namespace/name` (owner references use it too). */
export function uidOf(kind: string, name: string, namespace?: string): string {
  return uidFor(`${kind}/${namespace ?? ''}/${name}`);
}

export function resourceVersion(kind: string, name: string, namespace?: string): string {
  return String(1000 + (fnv1a(`rv:${kind}/${namespace ?? ''}/${name}`) % 900_000));
}

/** An ownerReference to `owner`, marked as the controller (as every workload controller does). */
export function ownerRef(
  owner: KubeObject,
): NonNullable<Meta['ownerReferences']>[number] & { blockOwnerDeletion: boolean } {
  const name = owner.metadata.name ?? '';
  return {
    apiVersion: owner.apiVersion ?? 'v1',
    kind: owner.kind,
    name,
    uid: owner.metadata.uid ?? uidOf(owner.kind, name, owner.metadata.namespace),
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function meta(kind: string, m: MetaInput): Meta {
  const out: Record<string, unknown> = {};
  if (m.annotations && Object.keys(m.annotations).length > 0) out.annotations = { ...m.annotations };
  out.creationTimestamp = stamp(m.createdAt ?? 1);
  if (m.generateName) out.generateName = m.generateName;
  if (m.generation !== undefined) out.generation = m.generation;
  if (m.labels && Object.keys(m.labels).length > 0) out.labels = { ...m.labels };
  out.name = m.name;
  if (m.namespace) out.namespace = m.namespace;
  if (m.owner) out.ownerReferences = [ownerRef(m.owner)];
  out.resourceVersion = resourceVersion(kind, m.name, m.namespace);
  out.uid = uidOf(kind, m.name, m.namespace);
  return out as Meta;
}

/** A whole object: apiVersion, kind, metadata, then the given body (spec, status, data...). */
export function obj(
  apiVersion: string,
  kind: string,
  m: MetaInput,
  body: Record<string, unknown> = {},
): KubeObject {
  return { apiVersion, kind, metadata: meta(kind, m), ...body };
}

/** A condition entry as controllers write them. */
export function condition(
  type: string,
  status: 'True' | 'False' | 'Unknown',
  at: number,
  reason?: string,
  message?: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const c: Record<string, unknown> = { lastTransitionTime: stamp(at), status, type, ...extra };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}
