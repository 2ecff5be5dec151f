// Workloads for the endpoint pickers: the Deployment / StatefulSet / DaemonSet /
// ReplicaSet / Job each pod belongs to, named by the endpoint the engine takes
// (`deploy:NS/NAME`, see lib/engine/trace/endpoint.ts). A live pod's controller is its
// ReplicaSet; the Deployment above it is found through the ReplicaSet's own controller
// reference, or from the `[DEPLOYMENT]-[pod-template-hash]` name when the dump has no
// ReplicaSet (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/).

import { WORKLOAD_PREFIXES, type WorkloadPrefix } from '../engine/trace/endpoint';
import type { ClusterModel, Pod } from '../model/types';

const PREFIX_OF: ReadonlyMap<string, WorkloadPrefix> = new Map(
  (Object.entries(WORKLOAD_PREFIXES) as [WorkloadPrefix, string][]).map(([prefix, kind]) => [kind, prefix]),
);

export interface PickerWorkload {
  /** `deploy:NS/NAME` */
  readonly value: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly pods: readonly Pod[];
}

/** Every workload an endpoint can name, with its pods, keyed by endpoint value. */
export function pickerWorkloads(model: ClusterModel): Map<string, PickerWorkload> {
  // ReplicaSet `ns/name` → the Deployment controlling it.
  const deploymentOfRs = new Map<string, string>();
  for (const rs of model.objectsByKind.get('ReplicaSet') ?? []) {
    const owner = (rs.metadata.ownerReferences ?? []).find((r) => r.controller === true);
    if (owner?.kind === 'Deployment')
      deploymentOfRs.set(`${rs.metadata.namespace ?? 'default'}/${rs.metadata.name}`, owner.name);
  }
  const out = new Map<string, PickerWorkload>();
  for (const pod of model.pods.values()) {
    let { kind, name } = pod.workload;
    if (kind === 'ReplicaSet') {
      const hash = pod.labels['pod-template-hash'];
      const deployment =
        deploymentOfRs.get(`${pod.namespace}/${name}`) ??
        (hash && name.endsWith(`-${hash}`) ? name.slice(0, -hash.length - 1) : undefined);
      if (deployment) [kind, name] = ['Deployment', deployment];
    }
    const prefix = PREFIX_OF.get(kind);
    if (!prefix) continue;
    const value = `${prefix}:${pod.namespace}/${name}`;
    const entry = out.get(value);
    if (entry) (entry.pods as Pod[]).push(pod);
    else out.set(value, { value, kind, namespace: pod.namespace, name, pods: [pod] });
  }
  return out;
}
