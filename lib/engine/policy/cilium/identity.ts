// The security identity Cilium gives the other side of a connection, as far as a
// snapshot can tell. Cilium policy is identity-based (docs.cilium.io "Layer 3
// Examples"; cilium/cilium pkg/labels, pkg/policy/api/entity.go):
//   - a pod gets its labels with source `k8s:` plus io.kubernetes.pod.namespace,
//     io.cilium.k8s.policy.serviceaccount, io.cilium.k8s.policy.cluster and its
//     namespace's labels as io.cilium.k8s.namespace.labels.<key>;
//   - a node address is `host` (the subject's own node) or `remote-node`, never a CIDR
//     (cilium/cilium#12277, #16308); host-network pods share it;
//   - the API server's backends are `kube-apiserver`;
//   - every other address is `world`, and only such addresses are matched by CIDR rules:
//     a pod IP inside a CIDR keeps its pod identity (cilium/cilium#9209, #19601).

import type { CiliumEntity } from '../../../model/cilium';
import type { ClusterModel, Labels, NodeInfo, Pod } from '../../../model/types';
import { namespaceLabels } from '../label-match';
import type { PeerEndpoint } from '../types';

export interface CiliumIdentity {
  /** Identity labels as `source:key` → value (`k8s:app`, `reserved:host`). */
  readonly labels: Labels;
  /** Entities this identity belongs to (`all` always). */
  readonly entities: ReadonlySet<CiliumEntity>;
  /** The pod (pod-network pods only). */
  readonly pod?: Pod;
  /** The node, for host / remote-node identities. */
  readonly node?: NodeInfo;
  /** The address, for identities other than pods (world, nodes, the API server). */
  readonly ip?: string;
  /** The address is outside the cluster: the only kind CIDR rules match. */
  readonly world: boolean;
  /** Addresses that identify the peer (pod IPs or the address), for toServices. */
  readonly addresses: readonly string[];
}

const podCache = new WeakMap<Pod, CiliumIdentity>();

/** Identity labels of a pod-network pod. */
export function podIdentity(model: ClusterModel, pod: Pod): CiliumIdentity {
  const hit = podCache.get(pod);
  if (hit) return hit;
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(pod.labels)) labels[`k8s:${k}`] = v;
  labels['k8s:io.kubernetes.pod.namespace'] = pod.namespace;
  labels['k8s:io.cilium.k8s.policy.serviceaccount'] = pod.serviceAccount ?? 'default';
  labels['k8s:io.cilium.k8s.policy.cluster'] = 'default';
  for (const [k, v] of Object.entries(namespaceLabels(model, pod.namespace)))
    labels[`k8s:io.cilium.k8s.namespace.labels.${k}`] = v;
  const id: CiliumIdentity = {
    labels,
    entities: new Set<CiliumEntity>(['all', 'cluster']),
    pod,
    world: false,
    addresses: pod.ips,
  };
  podCache.set(pod, id);
  return id;
}

function reserved(
  entities: readonly CiliumEntity[],
  extra: Partial<CiliumIdentity>,
  world: boolean,
  addresses: readonly string[],
): CiliumIdentity {
  const labels: Record<string, string> = {};
  for (const e of entities) if (e !== 'all' && e !== 'cluster') labels[`reserved:${e}`] = '';
  return { labels, entities: new Set<CiliumEntity>(['all', ...entities]), world, addresses, ...extra };
}

/** Addresses of the API server: the endpoints of default/kubernetes. */
function apiServerIPs(model: ClusterModel): ReadonlySet<string> {
  const slices = model.index.slicesByService.get('default/kubernetes') ?? [];
  return new Set(slices.flatMap((s) => s.endpoints.flatMap((e) => e.addresses)));
}
const apiCache = new WeakMap<ClusterModel, ReadonlySet<string>>();

function nodeIdentity(
  node: NodeInfo,
  subjectNode: string | undefined,
  ip: string,
  api: boolean,
): CiliumIdentity {
  const which: CiliumEntity = node.name === subjectNode ? 'host' : 'remote-node';
  return reserved(['cluster', which, ...(api ? (['kube-apiserver'] as const) : [])], { node, ip }, false, [
    ip,
  ]);
}

/**
 * The identity of `ep` seen from an endpoint on `subjectNode` (host vs remote-node
 * depends on where the subject runs).
 */
export function peerIdentity(
  model: ClusterModel,
  ep: PeerEndpoint,
  subjectNode: string | undefined,
): CiliumIdentity {
  let api = apiCache.get(model);
  if (!api) apiCache.set(model, (api = apiServerIPs(model)));
  if (ep.type === 'pod') {
    if (!ep.pod.hostNetwork) return podIdentity(model, ep.pod);
    // A host-network pod (a static kube-apiserver, an agent) is its node's identity.
    const node = ep.pod.nodeName ? model.nodes.get(ep.pod.nodeName) : undefined;
    const ip = ep.pod.ips[0] ?? ep.pod.hostIP ?? '';
    if (node) return nodeIdentity(node, subjectNode, ip, api.has(ip));
    return reserved(
      [
        'cluster',
        ep.pod.nodeName === subjectNode ? 'host' : 'remote-node',
        ...(api.has(ip) ? (['kube-apiserver'] as const) : []),
      ],
      { ip },
      false,
      [ip],
    );
  }
  const ip = ep.ip;
  const pod = model.index.podByIP.get(ip);
  if (pod && !pod.hostNetwork) return podIdentity(model, pod);
  const isApi = api.has(ip);
  const node = model.index.nodeByIP.get(ip);
  if (node) return nodeIdentity(node, subjectNode, ip, isApi);
  if (isApi) return reserved(['cluster', 'kube-apiserver'], { ip }, false, [ip]);
  const family: CiliumEntity = ip.includes(':') ? 'world-ipv6' : 'world-ipv4';
  return reserved(['world', family], { ip }, true, [ip]);
}

/** The source prefix of a Cilium selector key and the key without it. */
export function splitKey(key: string): { source: string; key: string } {
  const colon = key.indexOf(':');
  if (colon > 0) {
    const source = key.slice(0, colon);
    if (/^(k8s|any|reserved|unspec|container|cidr|fqdn|cilium-generated)$/.test(source))
      return { source, key: key.slice(colon + 1) };
  }
  return { source: 'any', key };
}
