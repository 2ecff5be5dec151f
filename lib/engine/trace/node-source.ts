// The source address of traffic a node itself sends (kubelet probes, node-local agents,
// host-network pods) and of the masquerades that rewrite pod traffic on the way out:
//   - towards a pod on another node across an encapsulating overlay, the kernel picks
//     the preferred source of the route's device, which is the tunnel device: Calico
//     vxlan.calico / tunl0 (node annotations projectcalico.org/IPv4VXLANTunnelAddr /
//     IPv4IPIPTunnelAddr), flannel.1 (the .0 address of the node's pod subnet), Cilium
//     cilium_host (routes carry `src` = the router address; node annotation
//     network.cilium.io/ipv4-cilium-host);
//   - Calico natOutgoing masquerades pod traffic to any address outside all IP pools
//     (other nodes' addresses included), flannel --ip-masq everything outside Network;
//   - a pod reaching itself through its own Service is masqueraded by kube-proxy
//     (the endpoint chain's `-s POD_IP -j KUBE-MARK-MASQ`), and MASQUERADE takes the
//     address of the outgoing interface.

import type { Evidence } from '../types';
import type { NodeInfo, Pod } from '../../model/types';
import { cidrContains } from '../net/ip';
import { networkOf } from '../platform/net';
import { isIPv4 } from '../net/ip';
import { dataKey, ev, list, objectsOf, str } from '../platform/read';
import type { TraceContext } from './context';
import { encapsulates, masqueradeSource } from './transit';

export const CILIUM_HOST_ANNOTATIONS = [
  'network.cilium.io/ipv4-cilium-host',
  'io.cilium.network.ipv4-cilium-host',
] as const;

export interface NodeSource {
  readonly ip: string;
  /** The device whose address the kernel picked, when not the node's uplink. */
  readonly device?: string;
  readonly evidence?: Evidence;
  /** What was assumed because the snapshot does not hold the tunnel address. */
  readonly assumed?: string;
}

function nodeIP(node: NodeInfo | undefined, name: string): string {
  return node?.internalIPs[0] ?? name;
}

/** The source address of a packet `srcNode` itself sends to a pod on `dstNode`. */
export function nodeSourceTowardsPod(
  ctx: TraceContext,
  srcNode: string,
  dstNode: string | undefined,
): NodeSource {
  const { model, platform } = ctx;
  const src = model.nodes.get(srcNode);
  const own = nodeIP(src, srcNode);
  if (!src || !dstNode || dstNode === srcNode) return { ip: own };
  const { cni } = platform;
  if (cni.name === 'cilium') {
    if (cni.overlay === 'none') return { ip: own };
    for (const key of CILIUM_HOST_ANNOTATIONS) {
      const v = src.annotations[key];
      if (v)
        return {
          ip: v,
          device: 'cilium_host',
          evidence: { kind: 'Node', name: src.name, field: `metadata.annotations.${key}`, value: v },
        };
    }
    return {
      ip: own,
      assumed: `the cilium_host address of ${srcNode} is not in the snapshot (node annotation ${CILIUM_HOST_ANNOTATIONS[0]}); its InternalIP ${own} was assumed`,
    };
  }
  if (cni.overlay === 'none' || !encapsulates(ctx, src, model.nodes.get(dstNode)).encap) return { ip: own };
  const picked = masqueradeSource(
    {
      ...ctx,
      platform: {
        ...platform,
        cni: { ...cni, ebpf: false },
        kubeProxy: { ...platform.kubeProxy, mode: 'iptables' },
      },
    },
    srcNode,
    dstNode,
  );
  if (picked.device)
    return {
      ip: picked.ip,
      device: picked.device,
      ...(picked.evidence ? { evidence: picked.evidence } : {}),
    };
  const where =
    cni.name === 'calico'
      ? `node annotation ${cni.overlay === 'vxlan' ? 'projectcalico.org/IPv4VXLANTunnelAddr' : cni.overlay === 'ipip' ? 'projectcalico.org/IPv4IPIPTunnelAddr' : 'projectcalico.org/IPv4WireguardInterfaceAddr'}`
      : cni.name === 'flannel'
        ? 'spec.podCIDR (flannel.1 carries its .0 address)'
        : 'the tunnel device';
  return {
    ip: own,
    assumed: `the tunnel address of ${srcNode} is not in the snapshot (${where}); its InternalIP ${own} was assumed`,
  };
}

/** CIDRs of every Calico IP pool (disabled pools too: Calico never NATs towards any pool). */
export function calicoPoolCidrs(ctx: TraceContext): string[] {
  const pools = objectsOf(ctx.model, 'IPPool').filter((p) =>
    /projectcalico\.org\//.test(p.apiVersion ?? 'crd.projectcalico.org/v1'),
  );
  const cidrs = pools.map((p) => str(p, 'spec.cidr')).filter((c): c is string => !!c);
  if (cidrs.length > 0) return cidrs;
  const installation = objectsOf(ctx.model, 'Installation')[0];
  return installation
    ? list(installation, 'spec.calicoNetwork.ipPools')
        .map((p) => str(p, 'cidr'))
        .filter((c): c is string => !!c)
    : [];
}

/** The flannel Network (net-conf.json), when flannel is the CNI. */
function flannelNetwork(ctx: TraceContext): string | undefined {
  const cm = objectsOf(ctx.model, 'ConfigMap').find((o) => o.metadata.name === 'kube-flannel-cfg');
  const raw = cm ? dataKey(cm, 'net-conf.json') : undefined;
  try {
    return raw ? (JSON.parse(raw) as { Network?: string }).Network : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the CNI masquerades pod traffic to `dstIP`: Calico natOutgoing when `dstIP`
 * is outside every IP pool (docs.tigera.io "Configure outgoing NAT"), flannel --ip-masq
 * when it is outside flannel's Network, Cilium masquerade for addresses outside the
 * cluster. Undefined when it does not.
 */
export function masqueradesTo(ctx: TraceContext, dstIP: string): string | undefined {
  const { cni } = ctx.platform;
  if (!cni.masquerade) return undefined;
  if (cni.name === 'calico') {
    const pools = calicoPoolCidrs(ctx);
    const inside = pools.find((c) => cidrContains(c, dstIP));
    return inside
      ? undefined
      : `${dstIP} is outside every Calico IP pool (${pools.join(', ') || 'none listed'})`;
  }
  if (cni.name === 'flannel') {
    const network = flannelNetwork(ctx);
    if (network && cidrContains(network, dstIP)) return undefined;
    return `${dstIP} is outside flannel's Network${network ? ` ${network}` : ''}`;
  }
  return `${dstIP} is outside the pod network`;
}

export interface HairpinSource {
  readonly ip: string;
  readonly device?: string;
  readonly evidence: readonly Evidence[];
  /** The rule and the address choice, in words. */
  readonly how: string;
  /** Which source the destination's ingress policy judges. */
  readonly judged: 'own' | 'masqueraded' | 'bypass';
  readonly judgedWhy: string;
  readonly assumed: boolean;
  readonly dataPlane: readonly string[];
}

const CILIUM_LOOPBACK = '169.254.42.1';

/** How a pod reaching itself through its own Service is masqueraded, and what policy judges. */
export function hairpinSource(ctx: TraceContext, pod: Pod): HairpinSource {
  const { model, platform } = ctx;
  const { cni, kubeProxy } = platform;
  const podIP = pod.ips[0] ?? '';
  const node = pod.nodeName ? model.nodes.get(pod.nodeName) : undefined;
  const own = nodeIP(node, pod.nodeName ?? '?');
  if (cni.name === 'cilium' && (kubeProxy.mode === 'ebpf' || cni.kubeProxyReplacement)) {
    const cm = objectsOf(model, 'ConfigMap').find((o) => o.metadata.name === 'cilium-config');
    const configured = cm ? dataKey(cm, 'ipv4-service-loopback-address') : undefined;
    const ip = configured ?? CILIUM_LOOPBACK;
    return {
      ip,
      evidence: cm
        ? [ev(cm, 'data.ipv4-service-loopback-address', configured ?? `(unset: default ${CILIUM_LOOPBACK})`)]
        : [],
      how: `Cilium's eBPF service load balancer sees that the backend is the client itself and rewrites the source to the service loopback address ${ip} (ipv4-service-loopback-address).`,
      judged: 'bypass',
      judgedWhy:
        'Cilium marks the connection as a hairpin flow and skips policy enforcement for it (bpf_lxc.c)',
      assumed: false,
      dataPlane: [`cilium-dbg service list | grep -F '${podIP}'`, `hubble observe --ip ${podIP} --last 20`],
    };
  }
  const mode = kubeProxy.mode === 'ebpf' ? 'iptables' : kubeProxy.mode;
  const rule =
    mode === 'nftables'
      ? `the endpoint chain's "ip saddr ${podIP} jump mark-for-masquerade" rule marks it`
      : mode === 'ipvs'
        ? `the KUBE-LOOP-BACK ipset (endpoint ${podIP} to itself) marks it for masquerade`
        : `the endpoint chain's "-s ${podIP}/32 -j KUBE-MARK-MASQ" rule marks it`;
  let ip = own;
  let device: string | undefined;
  const evidence: Evidence[] = [];
  let choice = `the host side of the pod's veth has no IPv4 address, so the kernel takes the node's primary address ${own}`;
  if (cni.name === 'flannel' && node) {
    const cidr = node.podCIDRs.find((c) => isIPv4(c.split('/')[0] ?? ''));
    const net = cidr ? networkOf(cidr) : undefined;
    if (cidr && net) {
      const base = net.split('/')[0]!.split('.').map(Number);
      base[3] = (base[3] ?? 0) + 1;
      ip = base.join('.');
      device = 'cni0';
      evidence.push({ kind: 'Node', name: node.name, field: 'spec.podCIDR', value: cidr });
      choice = `the packet leaves through the cni0 bridge (hairpin mode), whose address is the pod subnet's gateway ${ip}`;
    }
  }
  const iptablesPolicy = (cni.name === 'calico' && !cni.ebpf) || cni.name === 'flannel';
  const calicoBpf = cni.name === 'calico' && cni.ebpf;
  return {
    ip,
    ...(device ? { device } : {}),
    evidence,
    how: `kube-proxy (${mode}) DNATs the Service address back to ${podIP}; ${rule}, and KUBE-POSTROUTING masquerades it: MASQUERADE takes the address of the outgoing interface (${choice}).`,
    judged: iptablesPolicy ? 'own' : 'masqueraded',
    judgedWhy: iptablesPolicy
      ? `${cni.name === 'calico' ? "Calico's policy chains (cali-tw-*)" : "the policy engine's chains"} run in the filter FORWARD hook, before nat POSTROUTING masquerades, so ingress policy judges the pod's own address ${podIP}`
      : `assumed: ${calicoBpf ? 'Calico eBPF' : 'the policy engine'} judges the packet after the masquerade (hairpin policy is implementation-defined, kubernetes-sigs/network-policy-api#343)`,
    assumed: !iptablesPolicy,
    dataPlane:
      mode === 'nftables'
        ? [`nft list table ip kube-proxy | grep -F '${podIP}'`]
        : mode === 'ipvs'
          ? ['ipset list KUBE-LOOP-BACK', 'iptables -t nat -S KUBE-POSTROUTING']
          : [`iptables -t nat -S | grep -F -- '-s ${podIP}/32'`, 'iptables -t nat -S KUBE-POSTROUTING'],
  };
}
