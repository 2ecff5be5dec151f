// MTU and overlay findings: the numbers (pod MTU, overhead, underlay) are in every text.

import type { VerifyStep } from '../types';
import type { SpecTable } from './spec';
import { anywhere, atNode, debugNode, inPod, onNode } from './verify-where';

/**
 * Probes run in the sending pod (its interface has the MTU in question) when it is known;
 * else from the node's host network namespace, where packets to a remote pod take the same tunnel.
 */
function from(pod: string | undefined, node: string, command: string, note?: string): VerifyStep {
  return pod ? inPod(pod, command, note) : debugNode(node, command, note);
}

/** The address of `addr`, `addr:port` or `[v6]:port`. */
function hostOf(dst: string): string {
  const m = /^\[(.*)\]:\d+$/.exec(dst) ?? /^([\d.]+):\d+$/.exec(dst);
  return m?.[1] ?? dst;
}

/**
 * `ping` with Don't Fragment and the payload that makes a `size`-byte IP packet: the
 * headers are 20 B IPv4 + 8 B ICMP, or 40 B IPv6 (RFC 8200 section 3) + 8 B ICMPv6; IPv6
 * needs `-6` (iputils) and never fragments in transit anyway (`-M do` keeps the sender
 * from fragmenting locally).
 */
export function pingDF(dst: string, size: number): string {
  const host = hostOf(dst);
  // Lint findings name a placeholder (POD_IPV6_ON_ANOTHER_NODE) instead of an address.
  const v6 = host.includes(':') || host.includes('IPV6');
  return `ping ${v6 ? '-6 ' : ''}-M do -s ${size - (v6 ? 48 : 28)} -c 3 ${host}`;
}

type MtuCodes =
  | 'MTU_BLACKHOLE'
  | 'MTU_FRAGMENTATION_RISK'
  | 'MTU_UNDERUSED'
  | 'MTU_ASSUMED'
  | 'MTU_MISMATCH_NODES'
  | 'OVERLAY_CROSS_SUBNET'
  | 'CNI_ASSUMED'
  | 'NO_ROUTE';

export const mtuSpecs: SpecTable<MtuCodes> = {
  MTU_BLACKHOLE: {
    severity: 'error',
    title: 'MTU black hole in the overlay',
    detail: (p) =>
      `Pods on ${p.node} use MTU ${p.podMTU}; ${p.overlay} adds ${p.overhead} B, so a full-size packet becomes ${p.podMTU + p.overhead} B on an underlay of MTU ${p.underlay}. ` +
      (p.size + p.overhead > p.underlay
        ? `A ${p.size}-byte packet is dropped silently at encapsulation: small requests work, large responses and TLS handshakes hang.`
        : `This ${p.size}-byte packet fits (${p.size + p.overhead} B on the wire), but any packet over ${p.target} B is dropped silently at encapsulation: small requests like this one work, large responses and TLS handshakes hang.`),
    fix: (p) =>
      (p.setting
        ? `Set ${p.setting.name} to ${p.setting.value}, the underlying network's MTU: the CNI subtracts the ${p.overhead} B ${p.overlay} itself, so pods send at most ${p.target} B. Then restart the pods so their interfaces and routes pick it up:\n${p.fixCommand}`
        : `Set the pod MTU to ${p.target} (underlay ${p.underlay} − ${p.overhead} B ${p.overlay}), then restart the pods so their interfaces pick it up:\n${p.fixCommand}`) +
      // The fix's first line is prose, the rest pastes: the reason goes in a shell comment.
      (p.restart.length
        ? `\n# recreate the pods on ${p.node} (and every node) so they take the new MTU:\n${p.restart.join('\n')}`
        : ''),
    verify: (p) => [
      from(p.pod, p.node, `tracepath -n ${hostOf(p.dst)}`),
      from(p.pod, p.node, pingDF(p.dst, p.underlay - p.overhead), 'largest payload that fits: should pass'),
      from(p.pod, p.node, pingDF(p.dst, p.podMTU), 'full pod MTU: fails while the black hole stands'),
      debugNode(p.node, `ip -d link show | grep -E 'mtu|vxlan|tunl|wireguard|geneve'`),
    ],
  },
  MTU_FRAGMENTATION_RISK: {
    severity: 'warning',
    title: 'Packet larger than the hop MTU',
    detail: (p) =>
      `A ${p.size}-byte packet exceeds the ${p.mtu}-byte MTU at ${p.hop}: it must be fragmented or shrunk by path-MTU discovery, which breaks wherever ICMP "fragmentation needed" is filtered.`,
    fix: (p) =>
      `Keep packets at or below ${p.mtu} bytes on this path (TCP MSS clamping or a smaller application MTU), and let ICMP type 3 code 4 through every firewall on the way.`,
    verify: (p) => [
      p.pod
        ? inPod(p.pod, `tracepath -n ${hostOf(p.dst)}`)
        : atNode(p.node, 'the source node', `tracepath -n ${hostOf(p.dst)}`),
      p.pod ? inPod(p.pod, pingDF(p.dst, p.mtu)) : atNode(p.node, 'the source node', pingDF(p.dst, p.mtu)),
    ],
  },
  MTU_UNDERUSED: {
    severity: 'info',
    title: 'Jumbo-frame underlay, small pod MTU',
    detail: (p) =>
      `The underlay carries ${p.underlay}-byte frames but pods use MTU ${p.podMTU}: up to ${p.target} would fit after the ${p.overhead} B overhead, so bulk transfers use more packets than needed.`,
    fix: (p) => `Raise the pod MTU to ${p.target}:\n${p.fixCommand}`,
    verify: (p) => [
      atNode(p.node, 'a node', pingDF(p.dst, p.target)),
      atNode(p.node, 'a node', 'ip link show'),
    ],
  },
  MTU_ASSUMED: {
    severity: 'info',
    title: 'Underlay MTU assumed (1500)',
    detail: (p) =>
      `The Kubernetes API does not record the MTU of ${p.node ? `node ${p.node}'s` : "the nodes'"} network interface, so 1500 was assumed. Every MTU verdict on this path depends on it.`,
    fix: () =>
      'State the real value: annotate each node (`kubectl annotate node NODE packetpath.dev/underlay-mtu=9000`), add `settings: {underlayMTU: 9000}` (or `nodeUnderlayMTU: {NODE: 9000}`) to a snapshot file, or pass --underlay-mtu to the CLI.',
    verify: (p) => [atNode(p.node, 'each node', `ip -o link show | awk '{print $2, $5}'`)],
  },
  MTU_MISMATCH_NODES: {
    severity: 'warning',
    title: 'Nodes report different MTUs',
    detail: (p) =>
      `The ${p.what} MTU differs between nodes: ${p.nodes.map((n) => `${n.node} ${n.mtu}`).join(', ')}. Packets sized for the larger one are dropped or fragmented on the smaller.`,
    fix: (p) =>
      `Give every node the same ${p.what} MTU (${Math.min(...p.nodes.map((n) => n.mtu))} is safe for all), or size the pod MTU for the smallest.`,
    verify: (p) => p.nodes.map((n) => debugNode(n.node, 'ip -o link show', `expect mtu ${n.mtu}`)),
  },
  OVERLAY_CROSS_SUBNET: {
    severity: 'info',
    title: 'CrossSubnet overlay',
    detail: (p) =>
      (p.encapsulated
        ? `${p.overlay} ${p.setting ?? 'CrossSubnet'}: ${p.srcNode} (${p.srcSubnet ?? 'subnet unknown'}) and ${p.dstNode} (${p.dstSubnet ?? 'subnet unknown'}) are in different subnets, so this packet is encapsulated.`
        : `${p.overlay} ${p.setting ?? 'CrossSubnet'}: ${p.srcNode} and ${p.dstNode} share subnet ${p.srcSubnet ?? '?'}, so this packet is routed without encapsulation.`) +
      (p.assumed ? ` Assumed: ${p.assumed}.` : ''),
    fix: () => 'Nothing to fix: this explains why the path is (or is not) encapsulated.',
    verify: (p) => [
      debugNode(p.srcNode, `ip route get ${p.dstIP}`),
      p.setting === 'DirectRouting'
        ? debugNode(
            p.srcNode,
            `ip route show | grep -E 'flannel|via'`,
            'direct routes via node IPs, flannel.1 for the rest',
          )
        : onNode(p.srcNode, 'calicoctl node status'),
    ],
  },
  CNI_ASSUMED: {
    severity: 'info',
    title: 'CNI not identified',
    detail: () =>
      'No Calico, Cilium or Flannel object (IPPool, Installation, cilium-config, kube-flannel-cfg, their DaemonSets) is in the snapshot, so plain routing without encapsulation was assumed.',
    fix: () =>
      'Include the CNI objects in the snapshot: kubectl get ippools,installations,felixconfigurations -A -o yaml; kubectl get cm -n kube-system cilium-config -o yaml; kubectl get cm -A -l app=flannel -o yaml',
    verify: (p) => [
      anywhere('kubectl get ds -A'), // The debug pod sees the node's filesystem under /host.
      p.node ? debugNode(p.node, 'ls /host/etc/cni/net.d/') : onNode('any node', 'ls /etc/cni/net.d/'),
    ],
  },
  NO_ROUTE: {
    severity: 'error',
    title: 'No route to the destination',
    detail: (p) => `${p.from} cannot reach ${p.to}: ${p.reason}`,
    fix: (p) =>
      `Reach ${p.to} through a path that exists (a Service of type LoadBalancer or NodePort, an Ingress or a Gateway), or route it explicitly.`,
    verify: (p) => [
      p.node ? debugNode(p.node, `ip route get ${p.to}`) : anywhere(`ip route get ${p.to}`, `from ${p.from}`),
    ],
  },
};
