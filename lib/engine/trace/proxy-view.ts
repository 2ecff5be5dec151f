// How the data plane names a Service port: the real kube-proxy chain names (iptables,
// nftables), the IPVS virtual server, or the eBPF service entry, as hop facts, branch
// notes and verify commands a person can paste on the node.

import type { Service, ServicePort } from '../../model/types';
import type { CniName, KubeProxyInfo } from '../platform/types';
import type { ServicePortId } from '../platform/proxy-names';
import {
  iptablesChains,
  iptablesEndpointChain,
  nftablesChains,
  nftablesEndpointChain,
  nftFamily,
  servicePortNameString,
} from '../platform/proxy-names';

export interface ProxyEndpoint {
  readonly ip: string;
  readonly port: number;
}

export interface ProxyView {
  readonly facts: Readonly<Record<string, string>>;
  /** Note for branch `i` of `n` (its chain / element and probability). */
  readonly note: (ep: ProxyEndpoint, i: number, n: number) => string;
  readonly verify: readonly string[];
  /** Where the data plane shows that the Service port has no usable endpoint. */
  readonly noEndpoints: string;
}

export interface ProxyQuery {
  /** Traffic from outside (node port, LB address): kube-proxy enters through the external chain. */
  readonly external: boolean;
  /** The Local policy that applies to this traffic (externalTrafficPolicy or internalTrafficPolicy). */
  readonly local: boolean;
  /** The address:port the packet was sent to, as the data plane sees it. */
  readonly vip: string;
  readonly chosen?: ProxyEndpoint;
}

/** kube-proxy prints the statistic probability with 10 decimals (computeProbability). */
function probability(n: number): string {
  return (1 / n).toFixed(10);
}

function ipvsFlag(protocol: string): string {
  return protocol === 'UDP' ? '-u' : protocol === 'SCTP' ? '--sctp-service' : '-t';
}

/** The address of `addr:port` / `[v6]:port`. */
function hostOf(vip: string): string {
  const m = /^\[(.*)\]:\d+$/.exec(vip) ?? /^([^:]*):\d+$/.exec(vip);
  return m?.[1] ?? vip;
}

export function proxyView(
  kp: KubeProxyInfo,
  cni: CniName,
  svc: Service,
  port: ServicePort,
  q: ProxyQuery,
): ProxyView {
  const id: ServicePortId = {
    namespace: svc.namespace,
    name: svc.name,
    portName: port.name,
    protocol: port.protocol,
  };
  const family = nftFamily(hostOf(q.vip));
  switch (kp.mode) {
    case 'ebpf': {
      const check =
        cni === 'calico'
          ? `kubectl -n calico-system exec ds/calico-node -c calico-node -- calico-node -bpf nat dump | grep -F ${hostOf(q.vip)}`
          : `kubectl -n kube-system exec ds/cilium -- cilium-dbg service list | grep -F ${q.vip}`;
      return {
        facts: { 'service entry': `${q.vip} (${port.protocol})` },
        note: () => 'eBPF service map backend',
        verify: [check],
        noEndpoints: check,
      };
    }
    case 'iptables': {
      const c = iptablesChains(id);
      const ipt = family === 'ip6' ? 'ip6tables' : 'iptables';
      const policy = q.local ? c.svl : c.svc;
      const sep = q.chosen ? iptablesEndpointChain(id, q.chosen.ip, q.chosen.port) : undefined;
      const entry = q.external ? `KUBE-SERVICES → ${c.ext} → ${policy}` : `KUBE-SERVICES → ${policy}`;
      return {
        facts: {
          chain: sep ? `${entry} → ${sep}` : entry,
          'service chain': policy,
          ...(q.external ? { 'external chain': c.ext } : {}),
          ...(sep ? { 'endpoint chain': sep } : {}),
        },
        note: (ep, i, n) =>
          `${iptablesEndpointChain(id, ep.ip, ep.port)}${i === n - 1 ? ' (last rule, takes the rest)' : `, --probability ${probability(n - i)}`}`,
        verify: [
          ...(q.external ? [`${ipt} -t nat -L ${c.ext} -n -v`] : []),
          `${ipt} -t nat -L ${policy} -n -v`,
          ...(sep ? [`${ipt} -t nat -L ${sep} -n -v`] : []),
        ],
        // kube-proxy rejects (or drops, for Local) in the filter table with this comment.
        noEndpoints: `${ipt} -t filter -S | grep -F '"${servicePortNameString(id)} has no ${q.local ? 'local ' : ''}endpoints"'`,
      };
    }
    case 'nftables': {
      const c = nftablesChains(id);
      const policy = q.local ? c.local : c.service;
      const ep = q.chosen ? nftablesEndpointChain(id, q.chosen.ip, q.chosen.port) : undefined;
      const map = q.external && svc.type === 'NodePort' ? 'service-nodeports' : 'service-ips';
      return {
        facts: {
          'verdict map': `${family} kube-proxy ${map}`,
          'service chain': policy,
          ...(q.external ? { 'external chain': c.external } : {}),
          ...(ep ? { 'endpoint chain': ep } : {}),
        },
        note: (e, i) => `numgen element ${i} → ${nftablesEndpointChain(id, e.ip, e.port)}`,
        verify: [
          `nft list map ${family} kube-proxy ${map}`,
          ...(q.external ? [`nft list chain ${family} kube-proxy ${c.external}`] : []),
          `nft list chain ${family} kube-proxy ${policy}`,
          ...(ep ? [`nft list chain ${family} kube-proxy ${ep}`] : []),
        ],
        noEndpoints: `nft list map ${family} kube-proxy no-endpoint-services | grep -F '${servicePortNameString(id)}'`,
      };
    }
    case 'ipvs': {
      const flag = ipvsFlag(port.protocol);
      return {
        facts: { 'virtual server': `${port.protocol} ${q.vip} (${kp.scheduler ?? 'rr'})` },
        note: (e) =>
          `real server ${e.ip.includes(':') ? `[${e.ip}]` : e.ip}:${e.port}, scheduler ${kp.scheduler ?? 'rr'}`,
        verify: [`ipvsadm -Ln ${flag} ${q.vip}`, ...(q.chosen ? [`ipvsadm -Lnc | grep ${q.chosen.ip}`] : [])],
        noEndpoints: `ipvsadm -Ln ${flag} ${q.vip}   # no real server listed`,
      };
    }
  }
}
