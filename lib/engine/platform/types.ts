// Platform facts detected from cluster objects. Every fact keeps the evidence that
// proves it, and says when it was assumed because the snapshot did not hold it.

import type { IPFamily } from '../../model/ip';
import type { Evidence } from '../types';

export type CniName = 'calico' | 'cilium' | 'flannel' | 'unknown';

/** Encapsulation used between nodes when traffic is encapsulated at all. */
export type OverlayKind = 'vxlan' | 'ipip' | 'wireguard' | 'geneve' | 'none';

/** When the overlay applies: always, only across subnets (Calico CrossSubnet), never (routed). */
export type OverlayMode = 'always' | 'cross-subnet' | 'never';

/** Where the configured pod MTU came from, which decides how to fix it. */
export type MtuSource =
  | 'calico-installation'
  | 'calico-felix'
  | 'calico-configmap'
  | 'flannel-netconf'
  | 'cilium-config'
  | 'auto';

export interface CniInfo {
  readonly name: CniName;
  readonly overlay: OverlayKind;
  readonly mode: OverlayMode;
  /** How routed (non-encapsulated) traffic travels: 'bgp' (Calico), 'host-gw', 'native'. */
  readonly routing: 'bgp' | 'host-gw' | 'native' | 'unknown';
  /** Pod interface MTU stated in the CNI configuration; undefined = auto (underlay − overhead). */
  readonly configuredMTU?: number;
  readonly mtuSource: MtuSource;
  /** Name of the object holding the MTU setting or the pool, for fixes. */
  readonly mtuObject?: string;
  readonly poolName?: string;
  /** Pod traffic leaving the pod network is masqueraded to the node IP. */
  readonly masquerade: boolean;
  /** eBPF data plane (Calico bpfEnabled, Cilium). */
  readonly ebpf: boolean;
  /** Cilium kube-proxy replacement. */
  readonly kubeProxyReplacement: boolean;
  /** Cilium bpf-lb-mode dsr/hybrid: client address kept towards remote backends. */
  readonly dsr: boolean;
  /** Host-side interface prefix of a pod's veth. */
  readonly vethPrefix: string;
  readonly evidence: readonly Evidence[];
  readonly masqueradeEvidence: readonly Evidence[];
  readonly mtuEvidence: readonly Evidence[];
  /** True when no CNI object was found and defaults were assumed. */
  readonly assumed: boolean;
  /**
   * The family of the outer (underlay) packet when the CNI tunnels every family over one
   * (Cilium `underlay-protocol`, IPv4 by default). Undefined: each family is tunnelled
   * over the nodes' addresses of the same family (Calico vxlan-v6.calico, flannel-v6.1).
   */
  readonly underlayFamily?: IPFamily;
  /**
   * Dual-stack auto MTU: the overhead the CNI subtracts for the one pod interface both
   * families share (Calico takes the smallest MTU of every enabled encapsulation).
   */
  readonly autoMTUOverhead?: number;
}

export type KubeProxyMode = 'iptables' | 'ipvs' | 'nftables' | 'ebpf';

export interface KubeProxyInfo {
  readonly mode: KubeProxyMode;
  readonly scheduler?: string;
  readonly strictARP: boolean;
  readonly assumed: boolean;
  readonly evidence: readonly Evidence[];
}

export interface MetalLBPool {
  readonly name: string;
  readonly namespace: string;
  readonly kind: 'IPAddressPool' | 'ConfigMap';
  readonly addresses: readonly string[];
  readonly autoAssign: boolean;
  readonly labels: Readonly<Record<string, string>>;
  /** Advertisement modes that select this pool. */
  readonly advertisedBy: ReadonlyArray<{ readonly kind: 'L2Advertisement' | 'BGPAdvertisement' | 'ConfigMap'; readonly name: string; readonly mode: 'l2' | 'bgp' }>;
}

export interface MetalLBInfo {
  readonly installed: boolean;
  readonly pools: readonly MetalLBPool[];
  readonly evidence: readonly Evidence[];
}

export interface LoadBalancerProvider {
  /** 'cloud' when nodes carry a cloud providerID; 'metallb'; 'none'. */
  readonly kind: 'cloud' | 'metallb' | 'none';
  readonly cloud?: string;
  readonly evidence: readonly Evidence[];
}

export interface PlatformInfo {
  readonly cni: CniInfo;
  readonly kubeProxy: KubeProxyInfo;
  readonly metallb: MetalLBInfo;
  readonly lbProvider: LoadBalancerProvider;
}
