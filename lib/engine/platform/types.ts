// Platform facts detected from cluster objects. Every fact keeps the evidence that
// proves it, and says when it was assumed because the snapshot did not hold it.

import type { IPFamily } from '../../model/ip';
import type { Evidence } from '../types';

export type CniName = 'calico' | 'cilium' | 'flannel' | 'unknown';

/** Tunnel encapsulation used between nodes when traffic is tunnelled at all. */
export type OverlayKind = 'vxlan' | 'ipip' | 'geneve' | 'none';

/** One header layer a packet between nodes can carry: a tunnel or an encryption. */
export type WireLayer = Exclude<OverlayKind, 'none'> | 'wireguard' | 'ipsec';

/**
 * Transparent encryption between nodes (WireGuard, IPsec). Kept apart from the tunnel
 * because CNIs combine them differently: Cilium ≥ 1.15 encrypts the tunnel packet (both
 * overheads), Calico sends WireGuard instead of its IP-in-IP/VXLAN, and only to peers
 * that publish a key.
 */
export interface EncryptionInfo {
  readonly kind: 'wireguard' | 'ipsec';
  /** Bytes the encryption adds per packet: [IPv4 underlay, IPv6 underlay]. */
  readonly overhead: readonly [number, number];
  /** Encrypts the tunnel packet (overheads add up) rather than replacing the tunnel. */
  readonly overTunnel: boolean;
  /** Each node publishes its key (Calico node annotations); a peer without one gets plain traffic. */
  readonly perPeerKey: boolean;
  readonly evidence: readonly Evidence[];
  /** What was assumed where the snapshot could not tell (e.g. the Cilium version). */
  readonly assumption?: string;
}

/** How the configured MTU is meant: the pod interface MTU, or the underlying network's MTU the CNI subtracts its overhead from. */
export type MtuMeaning = 'pod' | 'underlay';

/** Cilium DSR the agent refuses at start-up (daemon/cmd/kube_proxy_replacement.go). */
export interface DsrRejection {
  /** The agent's own error text. */
  readonly agentError: string;
  readonly routingMode: string;
  readonly tunnelProtocol: string;
  readonly dispatch: string;
  readonly lbMode: 'dsr' | 'hybrid';
  readonly evidence: readonly Evidence[];
}

/** When the overlay applies: always, only across subnets (Calico CrossSubnet), never (routed). */
export type OverlayMode = 'always' | 'cross-subnet' | 'never';

/** Where the configured pod MTU came from, which decides how to fix it. */
export type MtuSource =
  'calico-installation' | 'calico-felix' | 'calico-configmap' | 'flannel-netconf' | 'cilium-config' | 'auto';

export interface CniInfo {
  readonly name: CniName;
  readonly overlay: OverlayKind;
  readonly mode: OverlayMode;
  /** How routed (non-encapsulated) traffic travels: 'bgp' (Calico), 'host-gw', 'native'. */
  readonly routing: 'bgp' | 'host-gw' | 'native' | 'unknown';
  /** MTU stated in the CNI configuration (see `mtuMeaning`); undefined = auto-detected from the node's device. */
  readonly configuredMTU?: number;
  /**
   * What `configuredMTU` means: Calico's is the pod (veth) MTU; Cilium's `mtu` and flannel's
   * Backend.MTU are the underlying network's, from which the CNI subtracts its overhead.
   */
  readonly mtuMeaning: MtuMeaning;
  /**
   * The CNI puts the lower (overhead-adjusted) MTU on the pod's routes and keeps the
   * device MTU on eth0 (Cilium: DeviceMTU vs RouteMTU in pkg/mtu).
   */
  readonly routeMTU: boolean;
  readonly mtuSource: MtuSource;
  /** Transparent encryption between nodes, when on. */
  readonly encryption?: EncryptionInfo;
  /** Name of the object holding the MTU setting or the pool, for fixes. */
  readonly mtuObject?: string;
  readonly poolName?: string;
  /** Pod traffic leaving the pod network is masqueraded to the node IP. */
  readonly masquerade: boolean;
  /** eBPF data plane (Calico bpfEnabled, Cilium). */
  readonly ebpf: boolean;
  /** Cilium kube-proxy replacement. */
  readonly kubeProxyReplacement: boolean;
  /** Cilium bpf-lb-mode dsr/hybrid in effect: client address kept towards remote backends. */
  readonly dsr: boolean;
  /**
   * The eBPF data plane forwards outside traffic for a node port / LoadBalancer address to
   * a backend on another node without SNAT, even with externalTrafficPolicy Cluster
   * (Calico eBPF, bpfExternalServiceMode Tunnel or DSR). Absent: kube-proxy's masquerade applies.
   */
  readonly externalClientKept?: { readonly mode: 'Tunnel' | 'DSR'; readonly evidence: readonly Evidence[] };
  /** `hybrid`: DSR for TCP only, SNAT for UDP. */
  readonly dsrMode?: 'dsr' | 'hybrid';
  /** DSR configured in a way the Cilium agent refuses; `dsr` is false then. */
  readonly dsrRejected?: DsrRejection;
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
  readonly advertisedBy: ReadonlyArray<{
    readonly kind: 'L2Advertisement' | 'BGPAdvertisement' | 'ConfigMap';
    readonly name: string;
    readonly mode: 'l2' | 'bgp';
  }>;
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
