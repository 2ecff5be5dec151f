// Reach peers: workloads (or pods) named `ns/name[Kind]`, each with a representative
// pod, grouped into equivalence classes. Two pods with the same namespace, labels and
// container ports are selected by the same policies, matched by the same rules and
// resolve the same named ports, so the connections of a class pair are computed once.

import type { ClusterModel, Pod } from '../../model/types';
import { labelsKey } from '../policy/selecting';
import { ciliumClassKey } from '../policy/cilium/reach-keys';

export type ReachGranularity = 'workload' | 'pod';

export interface ReachPeer {
  readonly name: string;
  readonly namespace: string;
  /** Pod standing for the peer (the first by name among the workload's pods). */
  readonly pod: Pod;
  /** Index of the peer's equivalence class. */
  readonly classId: number;
  /** Key of the representative pod's container ports. */
  readonly portsKey: string;
}

export function portsKey(pod: Pod): string {
  return pod.ports.map((p) => `${p.name ?? ''}/${p.protocol}/${p.containerPort}`).sort().join(',');
}

/** Peers sorted by name (byte-wise), and the representative pod of each class. */
export function reachPeers(model: ClusterModel, granularity: ReachGranularity): { peers: ReachPeer[]; classes: Pod[] } {
  const byName = new Map<string, Pod>();
  for (const pod of model.pods.values()) {
    const name = granularity === 'pod'
      ? `${pod.namespace}/${pod.name}[Pod]`
      : `${pod.workload.namespace}/${pod.workload.name}[${pod.workload.kind}]`;
    const current = byName.get(name);
    if (!current || pod.name < current.name) byName.set(name, pod);
  }
  const classIds = new Map<string, number>();
  const classes: Pod[] = [];
  const peers: ReachPeer[] = [];
  for (const name of [...byName.keys()].sort(byteOrder)) {
    const pod = byName.get(name)!;
    const key = `${pod.namespace}\u0000${labelsKey(pod)}\u0000${portsKey(pod)}${ciliumClassKey(model, pod)}`;
    let classId = classIds.get(key);
    if (classId === undefined) {
      classId = classes.length;
      classIds.set(key, classId);
      classes.push(pod);
    }
    peers.push({ name, namespace: pod.namespace, pod, classId, portsKey: portsKey(pod) });
  }
  return { peers, classes };
}

/** Plain code-unit order (Go's `<` on ASCII strings), not locale order. */
export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
