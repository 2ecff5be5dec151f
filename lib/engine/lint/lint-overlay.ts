// Cluster-wide overlay checks, the snapshot-wide side of what traces raise per path:
// Cilium DSR the agent refuses, flannel host-gw between nodes on different subnets, and
// Calico WireGuard nodes that publish no key.

import type { ClusterModel } from '../../model/types';
import type { Evidence, Finding } from '../types';
import { makeFinding } from '../findings/catalogue';
import { CALICO_WIREGUARD_KEY } from '../platform/cni-calico';
import { firstAddress } from '../platform/net';
import type { PlatformInfo } from '../platform/types';
import { nodeSubnet } from '../trace/transit';

export function lintOverlay(model: ClusterModel, platform: PlatformInfo): Finding[] {
  const out: Finding[] = [];
  const { cni } = platform;
  const rejected = cni.dsrRejected;
  if (rejected) {
    out.push(
      makeFinding(
        'DSR_REQUIRES_NATIVE_ROUTING',
        {
          service: 'every Service',
          lbMode: rejected.lbMode,
          dispatch: rejected.dispatch,
          routingMode: rejected.routingMode,
          tunnelProtocol: rejected.tunnelProtocol,
          agentError: rejected.agentError,
        },
        rejected.evidence,
      ),
    );
  }
  const nodes = [...model.nodes.values()].sort((a, b) => a.name.localeCompare(b.name));
  if (cni.name === 'flannel' && cni.routing === 'host-gw' && nodes.length > 1) {
    // One finding per pair of subnets, named by the first node of each.
    const bySubnet = new Map<string, typeof nodes>();
    const subnets = new Map(nodes.map((n) => [n.name, nodeSubnet(cni, n)]));
    for (const n of nodes) {
      const s = subnets.get(n.name)?.subnet;
      if (s) bySubnet.set(s, [...(bySubnet.get(s) ?? []), n]);
    }
    const groups = [...bySubnet.entries()];
    for (let i = 0; i < groups.length; i++) {
      for (let j = i + 1; j < groups.length; j++) {
        const [srcSubnet, [src]] = groups[i]! as [string, typeof nodes];
        const [dstSubnet, [dst]] = groups[j]! as [string, typeof nodes];
        const a = subnets.get(src!.name)!;
        const b = subnets.get(dst!.name)!;
        const podCIDR = dst!.podCIDRs.find((c) => !c.includes(':'));
        out.push(
          makeFinding(
            'HOST_GW_NEEDS_L2',
            {
              srcNode: src!.name,
              dstNode: dst!.name,
              dstAddr: b.address ?? dst!.name,
              srcSubnet,
              dstSubnet,
              podCIDR,
              dstIP: (podCIDR && firstAddress(podCIDR)) ?? dst!.name,
              ...((a.assumed ?? b.assumed) ? { assumed: a.assumed ?? b.assumed } : {}),
            },
            [...cni.evidence, ...a.evidence, ...b.evidence],
          ),
        );
      }
    }
  }
  const enc = cni.encryption;
  if (enc?.perPeerKey && nodes.length > 1) {
    const missing = nodes.filter((n) => !n.annotations[CALICO_WIREGUARD_KEY]?.trim());
    const keyed = nodes.find((n) => !missing.includes(n));
    if (missing.length > 0 && keyed) {
      const evidence: Evidence[] = [
        ...missing.map((n) => ({
          kind: 'Node',
          name: n.name,
          field: `metadata.annotations.${CALICO_WIREGUARD_KEY}`,
          value: '(absent)',
        })),
        ...enc.evidence,
      ];
      const fallback =
        cni.mode === 'never' || cni.overlay === 'none'
          ? 'plain routing'
          : cni.overlay === 'ipip'
            ? 'IP-in-IP'
            : 'VXLAN';
      out.push(
        makeFinding(
          'WIREGUARD_PEER_UNENCRYPTED',
          {
            srcNode: keyed.name,
            dstNode: missing[0]!.name,
            missing: missing.map((n) => n.name),
            fallback,
            dstIP: missing[0]!.internalIPs[0] ?? missing[0]!.name,
          },
          evidence,
        ),
      );
    }
  }
  return out;
}
