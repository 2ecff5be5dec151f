// MTU arithmetic: encapsulation overhead (domain.md's table), the underlay MTU of a
// node (from the snapshot's settings, else 1500 assumed), and the pod interface MTU
// (configured, else the CNI's auto rule: underlay − overhead).

import type { IPFamily } from '../../model/ip';
import type { ClusterModel } from '../../model/types';
import type { Evidence } from '../types';
import type { CniInfo, OverlayKind } from './types';

/** Bytes added per packet by each encapsulation: [IPv4 underlay, IPv6 underlay]. */
export const OVERHEAD: Readonly<Record<OverlayKind, readonly [number, number]>> = {
  vxlan: [50, 70],
  geneve: [50, 70],
  ipip: [20, 40],
  wireguard: [60, 80],
  none: [0, 0],
};

/** Display names used in hop labels and summaries. */
export const OVERLAY_NAME: Readonly<Record<OverlayKind, string>> = {
  vxlan: 'VXLAN',
  geneve: 'Geneve',
  ipip: 'IP-in-IP',
  wireguard: 'WireGuard',
  none: 'none',
};

export const DEFAULT_UNDERLAY_MTU = 1500;

export function overheadOf(cni: CniInfo, ipv6 = false): number {
  // Cilium budgets 80 bytes for WireGuard regardless of family.
  if (cni.overlay === 'wireguard' && cni.name === 'cilium') return 80;
  return OVERHEAD[cni.overlay][ipv6 ? 1 : 0];
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
    return { value: perNode, assumed: false, evidence: [{ kind: 'Settings', name: 'snapshot', field: `settings.nodeUnderlayMTU.${node}`, value: String(perNode) }] };
  }
  const annotated = annotatedMTU(model, node);
  if (annotated !== undefined && node !== undefined) {
    return { value: annotated, assumed: false, evidence: [{ kind: 'Node', name: node, field: `metadata.annotations.${UNDERLAY_MTU_ANNOTATION}`, value: String(annotated) }] };
  }
  const cluster = model.settings.underlayMTU;
  if (cluster !== undefined) {
    return { value: cluster, assumed: false, evidence: [{ kind: 'Settings', name: 'snapshot', field: 'settings.underlayMTU', value: String(cluster) }] };
  }
  return { value: DEFAULT_UNDERLAY_MTU, assumed: true, evidence: [{ kind: 'Settings', name: 'snapshot', field: 'settings.underlayMTU', value: '(unset: 1500 assumed)' }] };
}

export interface PodMTU {
  readonly value: number;
  readonly configured: boolean;
  readonly evidence: readonly Evidence[];
}

/** The pod interface MTU on `node`: the CNI's configured value, else underlay − overhead. */
export function podMTU(model: ClusterModel, cni: CniInfo, node: string | undefined, ipv6 = false): PodMTU {
  if (cni.configuredMTU !== undefined) return { value: cni.configuredMTU, configured: true, evidence: cni.mtuEvidence };
  const underlay = underlayMTU(model, node);
  const overhead = cni.autoMTUOverhead ?? (cni.mode === 'never' ? 0 : overheadOf(cni, ipv6));
  return { value: underlay.value - overhead, configured: false, evidence: underlay.evidence };
}
