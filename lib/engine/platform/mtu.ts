// MTU arithmetic: the header layers between two nodes (tunnel, encryption) and their
// overhead, the underlay MTU of a node (from the snapshot's settings, else 1500 assumed),
// and the pod MTU: configured, else the CNI's auto rule (underlay − overhead). Cilium
// keeps the device MTU on the pod's eth0 and puts the lower MTU on the pod's routes.

import type { IPFamily } from '../../model/ip';
import type { ClusterModel } from '../../model/types';
import type { Evidence } from '../types';
import type { CniInfo, WireLayer } from './types';

/** Bytes added per packet by each layer: [IPv4 underlay, IPv6 underlay]. */
export const OVERHEAD: Readonly<Record<WireLayer, readonly [number, number]>> = {
  vxlan: [50, 70],
  geneve: [50, 70],
  ipip: [20, 40],
  wireguard: [60, 80],
  ipsec: [77, 77],
};

/** Display names used in hop labels and summaries. */
export const OVERLAY_NAME: Readonly<Record<WireLayer | 'none', string>> = {
  vxlan: 'VXLAN',
  geneve: 'Geneve',
  ipip: 'IP-in-IP',
  wireguard: 'WireGuard',
  ipsec: 'IPsec',
  none: 'none',
};

export const DEFAULT_UNDERLAY_MTU = 1500;

/** `VXLAN + WireGuard`, `IP-in-IP`, `none`. */
export function layersName(layers: readonly WireLayer[]): string {
  return layers.length === 0 ? 'none' : layers.map((l) => OVERLAY_NAME[l]).join(' + ');
}

/** Overhead of one layer as this CNI counts it. */
function layerOverhead(cni: CniInfo, layer: WireLayer, ipv6: boolean): number {
  if (cni.encryption && layer === cni.encryption.kind) return cni.encryption.overhead[ipv6 ? 1 : 0];
  // Cilium always budgets TunnelOverhead = 50 (pkg/mtu/mtu.go).
  if (cni.name === 'cilium' && (layer === 'vxlan' || layer === 'geneve')) return 50;
  return OVERHEAD[layer][ipv6 ? 1 : 0];
}

export function layersOverhead(cni: CniInfo, layers: readonly WireLayer[], ipv6 = false): number {
  return layers.reduce((n, l) => n + layerOverhead(cni, l, ipv6), 0);
}

/**
 * The layers a packet to a pod on another node carries when every node takes part:
 * the tunnel (when the mode uses one at all), with encryption on top (Cilium) or instead
 * (Calico, flannel's wireguard backend).
 */
export function defaultLayers(cni: CniInfo, tunnelled = cni.mode !== 'never'): WireLayer[] {
  const tunnel: WireLayer[] = tunnelled && cni.overlay !== 'none' ? [cni.overlay] : [];
  if (!cni.encryption) return tunnel;
  return cni.encryption.overTunnel ? [...tunnel, cni.encryption.kind] : [cni.encryption.kind];
}

/** True when pod traffic between nodes is wrapped in anything at all. */
export function wrapsPodTraffic(cni: CniInfo): boolean {
  return defaultLayers(cni).length > 0;
}

/**
 * The overhead the CNI sizes pods for: the largest of the layer sets a pair of nodes can
 * use (Calico's auto-detection takes the smallest MTU of the enabled encapsulations).
 */
export function overheadOf(cni: CniInfo, ipv6 = false): number {
  const encrypted = layersOverhead(cni, defaultLayers(cni), ipv6);
  const plain =
    cni.encryption &&
    !cni.encryption.overTunnel &&
    cni.encryption.perPeerKey &&
    cni.mode !== 'never' &&
    cni.overlay !== 'none'
      ? layersOverhead(cni, [cni.overlay], ipv6)
      : 0;
  return Math.max(encrypted, plain);
}

/**
 * The family of the outer packet that carries `inner` traffic between nodes: the CNI's
 * fixed underlay family (Cilium), else the inner family (Calico and Flannel tunnel IPv6
 * pod traffic over the nodes' IPv6 addresses). The encapsulation overhead depends on it
 * (VXLAN: 20-byte IPv4 or 40-byte IPv6 outer header, RFC 791 / RFC 8200).
 */
export function underlayFamily(cni: CniInfo, inner: IPFamily): IPFamily {
  return cni.underlayFamily ?? inner;
}

export interface UnderlayMTU {
  readonly value: number;
  readonly assumed: boolean;
  readonly evidence: readonly Evidence[];
}

/**
 * Node annotation stating the node's underlay (NIC) MTU. The Kubernetes API has no field
 * for it; an annotation travels with live clusters and dumps alike, where snapshot
 * settings only exist in saved files.
 */
export const UNDERLAY_MTU_ANNOTATION = 'packetpath.dev/underlay-mtu';

function annotatedMTU(model: ClusterModel, node: string | undefined): number | undefined {
  const raw = node !== undefined ? model.nodes.get(node)?.annotations[UNDERLAY_MTU_ANNOTATION] : undefined;
  const n = raw !== undefined && /^\d+$/.test(raw.trim()) ? Number(raw) : undefined;
  return n !== undefined && n >= 576 && n <= 65535 ? n : undefined;
}

/**
 * The underlay MTU of `node`: the per-node setting, then the node's
 * `packetpath.dev/underlay-mtu` annotation, then the cluster setting, else 1500 (assumed).
 */
export function underlayMTU(model: ClusterModel, node: string | undefined): UnderlayMTU {
  const perNode = node !== undefined ? model.settings.nodeUnderlayMTU?.[node] : undefined;
  if (perNode !== undefined) {
    return {
      value: perNode,
      assumed: false,
      evidence: [
        {
          kind: 'Settings',
          name: 'snapshot',
          field: `settings.nodeUnderlayMTU.${node}`,
          value: String(perNode),
        },
      ],
    };
  }
  const annotated = annotatedMTU(model, node);
  if (annotated !== undefined && node !== undefined) {
    return {
      value: annotated,
      assumed: false,
      evidence: [
        {
          kind: 'Node',
          name: node,
          field: `metadata.annotations.${UNDERLAY_MTU_ANNOTATION}`,
          value: String(annotated),
        },
      ],
    };
  }
  const cluster = model.settings.underlayMTU;
  if (cluster !== undefined) {
    return {
      value: cluster,
      assumed: false,
      evidence: [
        { kind: 'Settings', name: 'snapshot', field: 'settings.underlayMTU', value: String(cluster) },
      ],
    };
  }
  return {
    value: DEFAULT_UNDERLAY_MTU,
    assumed: true,
    evidence: [
      { kind: 'Settings', name: 'snapshot', field: 'settings.underlayMTU', value: '(unset: 1500 assumed)' },
    ],
  };
}

export interface PodMTU {
  /** The largest packet the pod sends: the route MTU where the CNI sets one, else eth0's MTU. */
  readonly value: number;
  /** MTU of the pod's eth0. */
  readonly device: number;
  /** MTU on the pod's routes (Cilium), when it differs from the device's. */
  readonly route?: number;
  /** The pod MTU is stated in the CNI configuration (directly or as the base it derives from). */
  readonly configured: boolean;
  readonly evidence: readonly Evidence[];
  /** Where it came from, in words, including what was assumed (shown on the pod hops). */
  readonly basis: string;
}

/**
 * The pod MTU on `node`. Calico: the configured veth MTU, else underlay − overhead.
 * Flannel: (Backend.MTU or the interface MTU) − the backend's overhead. Cilium: eth0 gets
 * the base MTU (`mtu`, else the node's device MTU) and the pod's routes get base − tunnel
 * − encryption overhead (pkg/mtu/mtu.go DeviceMTU / RouteMTU; the CNI plugin sets the
 * device MTU on the interface and the route MTU on the routes it installs in the pod).
 */
export function podMTU(model: ClusterModel, cni: CniInfo, node: string | undefined, ipv6 = false): PodMTU {
  if (cni.configuredMTU !== undefined && cni.mtuMeaning === 'pod') {
    return {
      value: cni.configuredMTU,
      device: cni.configuredMTU,
      configured: true,
      evidence: cni.mtuEvidence,
      basis: 'as the CNI configures it',
    };
  }
  // Dual-stack Calico: the smallest MTU of every enabled encapsulation (cni.autoMTUOverhead).
  const overhead = cni.autoMTUOverhead ?? overheadOf(cni, ipv6);
  const base =
    cni.configuredMTU !== undefined
      ? {
          value: cni.configuredMTU,
          evidence: cni.mtuEvidence,
          text: `${mtuSetting(cni)} ${cni.configuredMTU}`,
        }
      : autoBase(model, cni, node);
  const inner = base.value - overhead;
  const configured = cni.configuredMTU !== undefined;
  if (cni.routeMTU) {
    return {
      value: inner,
      device: base.value,
      ...(inner !== base.value ? { route: inner } : {}),
      configured,
      evidence: base.evidence,
      basis: `${base.text}${overhead ? `; route MTU ${base.value} − ${overhead} B ${layersName(defaultLayers(cni))}` : ''}`,
    };
  }
  return {
    value: inner,
    device: inner,
    configured,
    evidence: base.evidence,
    basis: `${base.text}${overhead ? ` − ${overhead} B ${layersName(defaultLayers(cni))}` : ''}`,
  };
}

function mtuSetting(cni: CniInfo): string {
  return cni.name === 'cilium'
    ? `cilium-config mtu`
    : cni.name === 'flannel'
      ? 'net-conf.json Backend.MTU'
      : 'configured MTU';
}

function autoBase(
  model: ClusterModel,
  cni: CniInfo,
  node: string | undefined,
): { value: number; evidence: readonly Evidence[]; text: string } {
  const under = underlayMTU(model, node);
  const what =
    cni.name === 'cilium'
      ? 'Cilium mtu unset: auto-detected from the node device'
      : cni.name === 'flannel'
        ? 'Backend.MTU unset: the node interface MTU'
        : 'CNI default: the node interface MTU';
  return {
    value: under.value,
    evidence: under.evidence,
    text: `${what}${under.assumed ? `; assumed ${under.value}` : ` ${under.value}`}`,
  };
}

/** Facts for the pod's eth0 hop: the device MTU and, where the CNI sets one, the route MTU. */
export function podMTUFacts(mtu: PodMTU): Record<string, string> {
  return mtu.route !== undefined
    ? { MTU: String(mtu.device), 'route MTU': String(mtu.route), 'MTU basis': mtu.basis }
    : { MTU: String(mtu.device), 'MTU basis': mtu.basis };
}
