// A host-network pod (`spec.hostNetwork: true`) shares its node's network namespace, so
// on the data plane its traffic is node traffic: pod and namespace selectors do not
// select it, as the subject or as a peer, and ipBlocks see the node's address.
//   - Kubernetes docs, "NetworkPolicy and hostNetwork pods"
//     (https://kubernetes.io/docs/concepts/services-networking/network-policies/):
//     plugins that cannot tell such a pod's traffic from the node's ignore it when
//     matching podSelector / namespaceSelector, and treat it as node-IP traffic.
//   - Calico polices workload endpoints (the cali* interfaces a pod gets); a
//     host-network pod has none and is policed only through host endpoints
//     (https://docs.tigera.io/calico/latest/reference/host-endpoints/overview).
//   - Cilium gives host-network pods the node's `host` identity (entity `host`:
//     "the local host, including all host-networking pods", Cilium policy docs).
// The evaluator itself keeps the NetworkPolicy API's model (every pod is a pod), which
// is what netpol-analyzer checks; traces and reach apply this view on top.

import type { Pod } from '../../model/types';
import type { PeerEndpoint } from './types';

/** How hostNetwork pods are treated: as node traffic (the data plane) or as pods (the API model). */
export type HostNetworkMode = 'node' | 'pod';

/** The address a host-network pod's traffic carries (its node's), or undefined for other pods. */
export function hostNetworkAddress(pod: Pod): string | undefined {
  if (!pod.hostNetwork) return undefined;
  return pod.ips[0] ?? pod.hostIP;
}

/** `ep` as the data plane's policy engine sees it: a host-network pod becomes its node address. */
export function dataPlanePeer(ep: PeerEndpoint): PeerEndpoint {
  if (ep.type !== 'pod') return ep;
  const ip = hostNetworkAddress(ep.pod);
  return ip ? { type: 'ip', ip } : ep;
}
