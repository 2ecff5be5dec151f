// Overlay and data-plane configuration findings: Cilium DSR on a tunnel, flannel host-gw
// across subnets, Calico WireGuard towards a node without a key.

import type { SpecTable } from './spec';
import { anywhere, debugNode, onNode } from './verify-where';
import { joinWords } from './spec';

type OverlayCodes = 'DSR_REQUIRES_NATIVE_ROUTING' | 'HOST_GW_NEEDS_L2' | 'WIREGUARD_PEER_UNENCRYPTED';

export const overlaySpecs: SpecTable<OverlayCodes> = {
  DSR_REQUIRES_NATIVE_ROUTING: {
    severity: 'error',
    title: 'Cilium DSR is not valid on this tunnel',
    detail: (p) =>
      `cilium-config sets bpf-lb-mode: ${p.lbMode} with bpf-lb-dsr-dispatch: ${p.dispatch} on routing-mode ${p.routingMode} (tunnel-protocol ${p.tunnelProtocol}). ` +
      `The agent does not fall back to SNAT: it refuses the combination at start-up ("${p.agentError}") and exits, so cilium pods crash-loop, new pods get no network and ${p.service} is not (re)programmed. ` +
      'DSR needs native routing, or Geneve tunnelling with the Geneve dispatch.',
    fix: () =>
      'Either route natively (routing-mode: native with ipv4-native-routing-cidr and auto-direct-node-routes, or BGP), or keep the tunnel and use Geneve for both:\n' +
      'kubectl -n kube-system patch configmap cilium-config --type=merge -p \'{"data":{"tunnel-protocol":"geneve","bpf-lb-dsr-dispatch":"geneve"}}\' && kubectl -n kube-system rollout restart daemonset cilium\n' +
      'or go back to SNAT: set bpf-lb-mode: snat (Helm loadBalancer.mode=snat).',
    verify: () => [
      anywhere(
        'kubectl -n kube-system get pods -l k8s-app=cilium',
        'CrashLoopBackOff while the combination stands',
      ),
      anywhere('kubectl -n kube-system logs ds/cilium -c cilium-agent | grep -i "Node Port"'),
      anywhere(
        'kubectl -n kube-system exec ds/cilium -c cilium-agent -- cilium-dbg status --verbose | grep -A3 KubeProxyReplacement',
        'after the fix: Mode DSR, Dispatch Geneve or native',
      ),
    ],
  },
  HOST_GW_NEEDS_L2: {
    severity: 'error',
    title: 'host-gw needs the nodes on one layer-2 segment',
    detail: (p) =>
      `Flannel host-gw routes ${p.podCIDR ?? `${p.dstNode}'s pod CIDR`} via ${p.dstNode}'s address ${p.dstAddr}, which must be directly reachable. ${p.srcNode} is on ${p.srcSubnet} and ${p.dstNode} on ${p.dstSubnet}, so the kernel refuses the route ("network is unreachable"; flanneld logs "Error adding route") and the packet for ${p.dstIP} follows the default route to a router that has no route to pod addresses. ` +
      (p.assumed ? `Assumed: ${p.assumed}.` : ''),
    fix: (p) =>
      `Put the nodes on one subnet, or use a backend that crosses routers: vxlan with "DirectRouting": true keeps host-gw-style routes between nodes that share a subnet and encapsulates only between ${p.srcSubnet} and ${p.dstSubnet}:\n` +
      'kubectl -n kube-flannel edit configmap kube-flannel-cfg   # net-conf.json: "Backend": {"Type": "vxlan", "DirectRouting": true}\nkubectl -n kube-flannel rollout restart daemonset kube-flannel-ds',
    verify: (p) => [
      debugNode(p.srcNode, `ip route get ${p.dstIP}`, `must go via ${p.dstAddr}, not the default gateway`),
      debugNode(p.srcNode, `ip route get ${p.dstAddr}`, 'no "via" means directly connected'),
      anywhere('kubectl -n kube-flannel logs ds/kube-flannel-ds | grep -i "error adding route"'),
    ],
  },
  WIREGUARD_PEER_UNENCRYPTED: {
    severity: 'warning',
    title: 'WireGuard peer without a key: traffic leaves unencrypted',
    detail: (p) =>
      `WireGuard is on (FelixConfiguration wireguardEnabled), but ${joinWords([...p.missing])} publishes no WireGuard public key, so Calico has no peer for it and traffic between ${p.srcNode} and ${p.dstNode} is sent without encryption (${p.fallback}). ` +
      'Calico encrypts only between nodes that both run WireGuard; traffic to or from a node without it is not encrypted.',
    fix: (p) =>
      `Install WireGuard on ${joinWords([...p.missing])} (kernel 5.6+ has it; older kernels need the wireguard package), and check that calico-node there is healthy and not excluded (a per-node FelixConfiguration node.<name> with wireguardEnabled: false); Felix then publishes the key and the tunnel address.`,
    verify: (p) => [
      ...p.missing.map((n) =>
        anywhere(
          `kubectl get node ${n} -o jsonpath='{.metadata.annotations.projectcalico\\.org/WireguardPublicKey}'`,
          'empty while unencrypted',
        ),
      ),
      onNode(p.srcNode, 'wg show wireguard.cali', `${p.dstNode} must be listed as a peer`),
      debugNode(p.srcNode, `tcpdump -ni any host ${p.dstIP}`, 'plain packets, not UDP 51820'),
    ],
  },
};
