// Stable keys and display names shared by ingest, engine and front ends.

import type { WorkloadRef } from './types';

/** `namespace/name`: the key of pods, services and policies. */
export function objectKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** `namespace/Kind/name`: the key of `ModelIndex.podsByWorkload`. */
export function workloadKey(ref: WorkloadRef): string {
  return `${ref.namespace}/${ref.kind}/${ref.name}`;
}

/** `namespace/name[Kind]`: how a workload peer is printed in reach output. */
export function workloadPeerName(ref: WorkloadRef): string {
  return `${ref.namespace}/${ref.name}[${ref.kind}]`;
}

/** `label=value`: the key of `ModelIndex.podsByLabel`. */
export function labelKey(label: string, value: string): string {
  return `${label}=${value}`;
}

/**
 * The workload people name a pod by: its controller, except that a Deployment's
 * ReplicaSet (`<deployment>-<pod-template-hash>`, the hash also being the pod's
 * `pod-template-hash` label, which only the Deployment controller sets) stands for
 * its Deployment. StatefulSet and DaemonSet pods are owned by them directly.
 */
export function ownerWorkload(ref: WorkloadRef, labels: Readonly<Record<string, string>>): WorkloadRef {
  const hash = labels['pod-template-hash'];
  if (ref.kind === 'ReplicaSet' && hash && ref.name.length > hash.length + 1 && ref.name.endsWith(`-${hash}`))
    return { namespace: ref.namespace, name: ref.name.slice(0, -hash.length - 1), kind: 'Deployment' };
  return ref;
}
