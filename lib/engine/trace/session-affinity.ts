// sessionAffinity: ClientIP as each data plane implements it: kube-proxy iptables checks a
// per-endpoint "recent" list before the random split (pkg/proxy/iptables/proxier.go:
// "-m recent --name KUBE-SEP-… --rcheck --seconds N --reap"), nftables keeps a per-endpoint
// affinity-* set with a timeout (pkg/proxy/nftables/proxier.go writeServiceToEndpointRules),
// IPVS makes the virtual server persistent (pkg/proxy/ipvs/proxier.go, -p N).

import type { KubeProxyInfo } from '../platform/types';
import type { ServicePortId } from '../platform/proxy-names';
import { iptablesChains, iptablesEndpointChain, nftablesAffinitySet } from '../platform/proxy-names';
import type { Backend } from './endpoints';

/** How each data plane pins a client with sessionAffinity: ClientIP, and where to see it. */
export function affinityMechanism(
  kp: KubeProxyInfo,
  id: ServicePortId,
  at: { readonly vip: string; readonly protocol: string; readonly local: boolean },
  usable: readonly Backend[],
  timeout: number,
): { text: string; verify: string[]; note: (b: Backend) => string } {
  const family = usable[0]?.ip.includes(':') ? 'ip6' : 'ip';
  switch (kp.mode) {
    case 'iptables': {
      const chain = at.local ? iptablesChains(id).svl : iptablesChains(id).svc;
      return {
        text: `before the random split, ${chain} checks each endpoint's "-m recent --name KUBE-SEP-… --rcheck --seconds ${timeout} --reap" list, and each KUBE-SEP chain records the client with "-m recent --set"`,
        verify: [
          `iptables -t nat -S ${chain} | grep -- '--rcheck'`,
          'cat /proc/net/xt_recent/KUBE-SEP-*   # client addresses per endpoint',
        ],
        note: (b) => `recent list ${iptablesEndpointChain(id, b.ip, b.port)}`,
      };
    }
    case 'nftables':
      return {
        text: `the service chain first matches "${family} saddr @affinity-…" (one set per endpoint, timeout ${timeout}s) and jumps to that endpoint; each endpoint chain adds the client with "update @affinity-… { ${family} saddr }"`,
        verify: usable
          .slice(0, 1)
          .map((b) => `nft list set ${family} kube-proxy ${nftablesAffinitySet(id, b.ip, b.port)}`),
        note: (b) => `set ${nftablesAffinitySet(id, b.ip, b.port)}`,
      };
    case 'ipvs':
      return {
        text: `the IPVS virtual server is persistent (ipvsadm -p ${timeout}): a persistence template per client address sends later connections to the same real server`,
        verify: [
          `ipvsadm -Ln ${at.protocol === 'UDP' ? '-u' : '-t'} ${at.vip}   # shows "persistent ${timeout}"`,
          'ipvsadm -Lnc | grep -i none   # persistence templates',
        ],
        note: () => `IPVS persistence ${timeout}s`,
      };
    case 'ebpf':
      return {
        text: `the eBPF load balancer keeps a client-address → backend affinity map entry for ${timeout}s`,
        verify: [`kubectl -n kube-system exec ds/cilium -- cilium-dbg bpf lb list | grep -F ${at.vip}`],
        note: () => 'eBPF affinity map',
      };
  }
}
