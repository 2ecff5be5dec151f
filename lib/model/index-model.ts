// Builds the ClusterModel and every lookup map of ModelIndex once, so the engine
// looks things up instead of scanning (a trace touches only the objects on its path).

import type { CalicoModel } from './calico';
import { labelKey, workloadKey } from './keys';
import type {
  AdminNetworkPolicy,
  ClusterModel,
  ClusterSettings,
  EndpointSlice,
  IngestWarning,
  KubeObject,
  ModelIndex,
  Namespace,
  NetworkPolicy,
  NodeInfo,
  Pod,
  Service,
  SourceMeta,
} from './types';
import type { CiliumPolicy } from './cilium';

/** The normalized entities ingest produces, before indexing. */
export interface ModelEntities {
  readonly namespaces: readonly Namespace[];
  readonly nodes: readonly NodeInfo[];
  readonly pods: readonly Pod[];
  readonly services: readonly Service[];
  readonly endpointSlices: readonly EndpointSlice[];
  readonly networkPolicies: readonly NetworkPolicy[];
  /** Any order; sorted here by priority, then name. */
  readonly adminPolicies: readonly AdminNetworkPolicy[];
  readonly baselinePolicy?: AdminNetworkPolicy;
  /** Calico policy objects (already sorted by ingest); absent when none were read. */
  readonly calico?: CalicoModel;
  /** Baseline-tier ClusterNetworkPolicies, any order; sorted here by priority, then name. */
  readonly baselineClusterPolicies?: readonly AdminNetworkPolicy[];
  readonly ciliumPolicies?: readonly CiliumPolicy[];
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byPriority = (a: AdminNetworkPolicy, b: AdminNetworkPolicy): number =>
  (a.priority ?? 0) - (b.priority ?? 0) || byString(a.name, b.name) || byString(a.kind ?? '', b.kind ?? '');
const ciliumKey = (p: CiliumPolicy): string => `${p.kind}/${p.namespace ?? ''}/${p.name}/${p.specPath}`;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Assembles the immutable ClusterModel. Maps iterate in sorted key order and every
 * list in the index is sorted by key, so everything built on the model is
 * deterministic whatever the input order.
 */
export function indexModel(
  entities: ModelEntities,
  meta: SourceMeta,
  settings: ClusterSettings,
  objectsByKind: ReadonlyMap<string, readonly KubeObject[]>,
  warnings: readonly IngestWarning[],
): ClusterModel {
  const pods = [...entities.pods].sort((a, b) => byString(a.key, b.key));
  const nodes = [...entities.nodes].sort((a, b) => byString(a.name, b.name));
  const services = [...entities.services].sort((a, b) => byString(a.key, b.key));
  const namespaces = [...entities.namespaces].sort((a, b) => byString(a.name, b.name));
  const networkPolicies = [...entities.networkPolicies].sort((a, b) => byString(a.key, b.key));
  const endpointSlices = [...entities.endpointSlices].sort((a, b) =>
    byString(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`),
  );
  const adminPolicies = [...entities.adminPolicies].sort(byPriority);

  const index: ModelIndex = {
    podsByNamespace: new Map(),
    podsByLabel: new Map(),
    podByIP: new Map(),
    podsByNode: new Map(),
    nodeByIP: new Map(),
    serviceByIP: new Map(),
    slicesByService: new Map(),
    podsByWorkload: new Map(),
    policiesByNamespace: new Map(),
  };
  const podsByNamespace = index.podsByNamespace as Map<string, Pod[]>;
  const podsByLabel = index.podsByLabel as Map<string, Pod[]>;
  const podByIP = index.podByIP as Map<string, Pod>;
  const podsByNode = index.podsByNode as Map<string, Pod[]>;
  const podsByWorkload = index.podsByWorkload as Map<string, Pod[]>;
  for (const pod of pods) {
    push(podsByNamespace, pod.namespace, pod);
    for (const key in pod.labels) push(podsByLabel, labelKey(key, pod.labels[key] ?? ''), pod);
    if (pod.nodeName) push(podsByNode, pod.nodeName, pod);
    push(podsByWorkload, workloadKey(pod.workload), pod);
    // Host-network pods share their node's address; a pod-network pod owns its IP.
    if (!pod.hostNetwork) for (const ip of pod.ips) if (!podByIP.has(ip)) podByIP.set(ip, pod);
  }
  for (const pod of pods) {
    if (pod.hostNetwork) for (const ip of pod.ips) if (!podByIP.has(ip)) podByIP.set(ip, pod);
  }

  const nodeByIP = index.nodeByIP as Map<string, NodeInfo>;
  for (const node of nodes) {
    for (const ip of [...node.internalIPs, ...node.externalIPs])
      if (!nodeByIP.has(ip)) nodeByIP.set(ip, node);
  }

  const serviceByIP = index.serviceByIP as Map<string, Service>;
  for (const svc of services) {
    const ips = [
      ...svc.clusterIPs,
      ...svc.externalIPs,
      ...svc.loadBalancerIngress.flatMap((i) => (i.ip ? [i.ip] : [])),
      ...(svc.loadBalancerIP ? [svc.loadBalancerIP] : []),
    ];
    for (const ip of ips) if (!serviceByIP.has(ip)) serviceByIP.set(ip, svc);
  }

  const slicesByService = index.slicesByService as Map<string, EndpointSlice[]>;
  for (const slice of endpointSlices) {
    if (slice.serviceName) push(slicesByService, `${slice.namespace}/${slice.serviceName}`, slice);
  }

  const policiesByNamespace = index.policiesByNamespace as Map<string, NetworkPolicy[]>;
  for (const np of networkPolicies) push(policiesByNamespace, np.namespace, np);

  return {
    meta,
    settings,
    namespaces: new Map(namespaces.map((n) => [n.name, n])),
    nodes: new Map(nodes.map((n) => [n.name, n])),
    pods: new Map(pods.map((p) => [p.key, p])),
    services: new Map(services.map((s) => [s.key, s])),
    endpointSlices,
    networkPolicies,
    adminPolicies,
    ...(entities.baselinePolicy ? { baselinePolicy: entities.baselinePolicy } : {}),
    ...(entities.calico ? { calico: entities.calico } : {}),
    ...(entities.baselineClusterPolicies?.length
      ? { baselineClusterPolicies: [...entities.baselineClusterPolicies].sort(byPriority) }
      : {}),
    ...(entities.ciliumPolicies?.length
      ? { ciliumPolicies: [...entities.ciliumPolicies].sort((a, b) => byString(ciliumKey(a), ciliumKey(b))) }
      : {}),
    objectsByKind,
    index,
    warnings,
  };
}
