// Reach peers: workloads (or pods) named `ns/name[Kind]`, each with a representative
// pod, grouped into equivalence classes. Two pods with the same namespace, labels and
// container ports are selected by the same policies, matched by the same rules and
// resolve the same named ports, so the connections of a class pair are computed once.

import type { CalicoModel, ClusterModel, Pod } from '../../model';
import { ownerWorkload, workloadPeerName } from '../../model/keys';
import { labelsKey } from '../policy/selecting';
import { ciliumClassKey } from '../policy/cilium/reach-keys';

/**
 * `workload`: a pod's controller (a live Deployment pod belongs to its ReplicaSet, as
 * netpol-analyzer names it); `owner`: the workload people name (the Deployment above
 * that ReplicaSet); `pod`: each pod itself.
 */
export type ReachGranularity = 'workload' | 'owner' | 'pod';

export const REACH_GRANULARITIES: readonly ReachGranularity[] = ['workload', 'owner', 'pod'];

/** The peer name of a pod at a granularity: `ns/name[Kind]`. */
export function peerNameOf(pod: Pod, granularity: ReachGranularity): string {
  if (granularity === 'pod') return `${pod.namespace}/${pod.name}[Pod]`;
  return workloadPeerName(granularity === 'owner' ? ownerWorkload(pod.workload, pod.labels) : pod.workload);
}

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
  return pod.ports
    .map((p) => `${p.name ?? ''}/${p.protocol}/${p.containerPort}`)
    .sort()
    .join(',');
}

/**
 * Peers sorted by name (byte-wise), and the representative pod of each class. `skip`
 * leaves pods out (host-network pods listed as node peers); `addressKey` adds what a
 * pod's addresses decide to its class (which ipBlocks hold it, when ipBlocks match pods).
 */
export function reachPeers(
  model: ClusterModel,
  granularity: ReachGranularity,
  skip: (pod: Pod) => boolean = () => false,
  addressKey: (pod: Pod) => string = () => '',
): { peers: ReachPeer[]; classes: Pod[] } {
  const byName = new Map<string, Pod>();
  for (const pod of model.pods.values()) {
    if (skip(pod)) continue;
    const name = peerNameOf(pod, granularity);
    const current = byName.get(name);
    if (!current || pod.name < current.name) byName.set(name, pod);
  }
  const classIds = new Map<string, number>();
  const classes: Pod[] = [];
  const peers: ReachPeer[] = [];
  for (const name of [...byName.keys()].sort(byteOrder)) {
    const pod = byName.get(name)!;
    const key = `${pod.namespace}\u0000${labelsKey(pod)}\u0000${portsKey(pod)}\u0000${addressKey(pod)}${model.calico ? `\u0000${calicoClassKey(model.calico, pod)}` : ''}${ciliumClassKey(model, pod)}`;
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

/**
 * What Calico reads of a pod beyond namespace and labels: its service account (the
 * projectcalico.org/serviceaccount and pcsa.* labels), host networking, and its
 * addresses when some rule or network set matches addresses (nets match pod IPs).
 */
const readsAddressesCache = new WeakMap<CalicoModel, boolean>();

export function calicoClassKey(calico: CalicoModel, pod: Pod): string {
  let readsAddresses = readsAddressesCache.get(calico);
  if (readsAddresses === undefined)
    readsAddressesCache.set(calico, (readsAddresses = readsAddressesOf(calico)));
  return `${pod.serviceAccount ?? 'default'}\u0000${pod.hostNetwork}${readsAddresses ? `\u0000${[...pod.ips, pod.hostIP ?? ''].join(',')}` : ''}`;
}

function readsAddressesOf(calico: CalicoModel): boolean {
  return (
    calico.networkSets.length > 0 ||
    calico.hostEndpoints.length > 0 ||
    [
      ...calico.policies.flatMap((p) => [...p.ingress, ...p.egress]),
      ...[...calico.profiles.values()].flatMap((p) => [...p.ingress, ...p.egress]),
    ].some(
      (r) =>
        r.source.nets.length +
          r.source.notNets.length +
          r.destination.nets.length +
          r.destination.notNets.length >
          0 ||
        r.source.services !== undefined ||
        r.destination.services !== undefined,
    )
  );
}

/** Plain code-unit order (Go's `<` on ASCII strings), not locale order. */
export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
