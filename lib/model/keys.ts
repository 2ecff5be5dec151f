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
