// The base most stories start from: a kubeadm cluster (one control plane, N workers) with
// Calico VXLAN (BGP off, pod MTU 1450 as the operator sets it for a 1500-byte underlay),
// kube-proxy and CoreDNS. Each story adds its own workloads and faults on top.

import { addCalico } from './calico';
import { ClusterBuilder } from './cluster';
import { kubeadmNodes, type LayoutOptions } from './layout';
import { addCoreDns, addKubeadmBase, addKubeProxy, type KubeProxyOptions } from './system';

export interface CalicoVxlanClusterOptions extends LayoutOptions {
  /** kube-proxy's mode and IPVS settings; clusterCIDR is the pod network. Default: iptables. */
  readonly kubeProxy?: Omit<KubeProxyOptions, 'clusterCIDR'>;
  /** The nodes the two CoreDNS replicas run on. */
  readonly coreDnsNodes: readonly string[];
}

export function calicoVxlanCluster(o: CalicoVxlanClusterOptions): ClusterBuilder {
  const { kubeProxy = { mode: 'iptables' }, coreDnsNodes, ...layout } = o;
  const b = new ClusterBuilder('calico-vxlan');
  addKubeadmBase(b, kubeadmNodes(layout));
  addCalico(b, { cidr: o.podNetwork, encapsulation: 'VXLAN', bgp: 'Disabled', mtu: 1450 });
  addKubeProxy(b, { ...kubeProxy, clusterCIDR: o.podNetwork });
  addCoreDns(b, { nodes: coreDnsNodes });
  return b;
}
