// Short causes with the numbers, one clause per finding code, for the one-sentence trace
// summary ("degraded at snat on worker-3: client 203.0.113.7 is SNATed to ..."). Codes
// without an entry fall back to the finding's title.

import type { FindingCode } from '../types';
import type { FindingParams } from './params';
import { joinWords } from './spec';

type CauseTable = { readonly [C in FindingCode]?: (p: FindingParams[C]) => string };

const NO_ENDPOINT_REASON: Readonly<
  Record<FindingParams['NO_READY_ENDPOINTS']['reason'], (p: FindingParams['NO_READY_ENDPOINTS']) => string>
> = {
  'no-match': (p) => `selector ${p.selector} matches no pod`,
  'not-ready': (p) =>
    `${p.notReady.length} selected pod${p.notReady.length === 1 ? ' is' : 's are'} not ready`,
  'no-selector': () => 'no selector and no ready EndpointSlice address',
  'itp-local': (p) =>
    `internalTrafficPolicy Local and none on ${p.node ?? 'the source node'}: dropped, the client times out`,
};

const CAUSES: CauseTable = {
  POLICY_EGRESS_DENIED: (p) =>
    p.calico
      ? `Calico: ${p.calico.decidedBy}`
      : `no egress rule of ${joinWords([...p.policies])} allows ${p.protocol} ${p.port} from ${p.pod} to ${p.peer}`,
  POLICY_INGRESS_DENIED: (p) =>
    p.calico
      ? `Calico: ${p.calico.decidedBy}`
      : `no ingress rule of ${joinWords([...p.policies])} allows ${p.protocol} ${p.port} from ${p.peer} to ${p.pod}`,
  DNS_BLOCKED_BY_DEFAULT_DENY: (p) =>
    `egress default deny (${joinWords([...p.policies])}) blocks ${joinWords([...p.missing])} to ${p.dnsTarget}`,
  NAMED_PORT_UNRESOLVED: (p) => `${p.owner} names port "${p.portName}", which ${p.pod} does not declare`,
  MTU_BLACKHOLE: (p) =>
    p.size + p.overhead > p.underlay
      ? `${p.size}-byte packet + ${p.overhead} B ${p.overlay} > ${p.underlay} underlay MTU on ${p.node} (pod MTU ${p.podMTU}, should be ≤ ${p.target})`
      : `this ${p.size}-byte packet fits, but full-size packets (pod MTU ${p.podMTU} + ${p.overhead} B ${p.overlay} > ${p.underlay} underlay MTU on ${p.node}) are dropped; pod MTU should be ≤ ${p.target}`,
  MTU_FRAGMENTATION_RISK: (p) => `${p.size}-byte packet exceeds the ${p.mtu} MTU of ${p.hop}`,
  MTU_MISMATCH_NODES: (p) =>
    `${p.what} MTU differs between nodes (${p.nodes.map((n) => `${n.node} ${n.mtu}`).join(', ')})`,
  CLIENT_IP_LOST_ETP_CLUSTER: (p) =>
    `client ${p.clientIP} is SNATed to ${p.nodeIP} (externalTrafficPolicy Cluster), the backend sees the node`,
  ETP_LOCAL_NO_LOCAL_ENDPOINT: (p) =>
    `${p.node} has no ready endpoint of ${p.service} (externalTrafficPolicy Local; endpoints on ${p.endpointNodes.length ? joinWords([...p.endpointNodes]) : 'no node'})`,
  ETP_LOCAL_UNEVEN_SPREAD: (p) =>
    `externalTrafficPolicy Local splits per node, not per pod (${p.nodes.map((n) => `${n.node}: ${n.endpoints}`).join(', ')} endpoints)`,
  NO_READY_ENDPOINTS: (p) => `${p.service} has no ready endpoint (${NO_ENDPOINT_REASON[p.reason](p)})`,
  TARGET_PORT_MISMATCH: (p) =>
    `${p.service} port ${p.port} targets ${p.targetPort}, but the pods declare ${p.declared.length ? joinWords([...p.declared]) : 'no ports'}`,
  LB_PENDING: (p) => `${p.service} has no LoadBalancer address (EXTERNAL-IP <pending>)`,
  METALLB_NOT_ADVERTISED: (p) => `pool ${p.pool} assigned ${p.ip}, but no L2/BGP advertisement announces it`,
  IPVS_STRICT_ARP_REQUIRED: (p) =>
    `IPVS without strictARP: every node answers ARP for ${p.ip ?? 'the address'}`,
  KUBE_PROXY_IPTABLES_SCALE: (p) =>
    `iptables kube-proxy with ${p.services} Services and ${p.endpoints} endpoints (above ~${p.threshold})`,
  EBPF_KERNEL_TOO_OLD: (p) =>
    `kernel ${p.kernel} on ${p.node} is older than ${p.required} for eBPF service handling`,
  NODEPORT_EXPOSED: (p) =>
    `node port ${p.nodePort} of ${p.service} is open on all ${p.nodes} node${p.nodes === 1 ? '' : 's'}`,
  INGRESS_NO_RULE_MATCH: (p) =>
    `no Ingress rule matches host ${p.host} path ${p.path}${p.defaultBackend ? ` (default backend ${p.defaultBackend} answers)` : ' (404)'}`,
  INGRESS_BACKEND_MISSING: (p) =>
    p.missing === 'service'
      ? `${p.owner} sends to Service ${p.service}, which does not exist`
      : `${p.owner} sends to port ${p.port} of ${p.service}, which exposes ${p.ports.length ? joinWords([...p.ports]) : 'no ports'}`,
  INGRESS_CLASS_UNCLAIMED: (p) =>
    `${p.ingress} ${p.className ? `class "${p.className}"` : 'without a class'} is claimed by no controller`,
  GATEWAY_ROUTE_NOT_ATTACHED: (p) => `${p.route} is not attached to ${p.gateway}: ${p.reason}`,
  GATEWAY_NO_RULE_MATCH: (p) =>
    `no HTTPRoute rule matches ${p.method} ${p.host}${p.path}${p.wouldMatch ? `; ${p.wouldMatch} would` : ''}`,
  GATEWAY_REFERENCE_NOT_PERMITTED: (p) =>
    `${p.share !== undefined && p.share < 1 ? `${Math.round(p.share * 1000) / 10}% of matching requests fail` : 'every matching request fails'} with HTTP 500: ${p.route} sends them to ${p.backend} without a ReferenceGrant in ${p.backendNamespace}`,
  INGRESS_REDIRECT: (p) => `the controller answers ${p.code} → ${p.location} (${p.reason})`,
  INGRESS_SOURCE_DENIED: (p) =>
    p.invalid?.length
      ? `${p.source} holds ${p.invalid.join(', ')}, not an address or CIDR: the location answers 503`
      : `${p.remote} is outside ${p.source} (${p.ranges.join(', ')}): 403 Forbidden`,
  NO_ROUTE: (p) => `no route from ${p.from} to ${p.to}`,
  LB_SOURCE_RANGE_DENIED: (p) =>
    `client ${p.clientIP} is outside loadBalancerSourceRanges ${joinWords([...p.ranges])} of ${p.service}`,
  TARGET_PORT_UNDECLARED: (p) =>
    `${p.service} targets port ${p.targetPort}, which no container declares (delivered only if the process listens)`,
  DSR_REQUIRES_NATIVE_ROUTING: (p) =>
    `the Cilium agent refuses bpf-lb-mode ${p.lbMode} with ${p.dispatch} dispatch on routing-mode ${p.routingMode} (${p.tunnelProtocol}) and exits`,
  HOST_GW_NEEDS_L2: (p) =>
    `flannel host-gw has no route from ${p.srcNode} (${p.srcSubnet}) to ${p.dstNode}'s pod CIDR via ${p.dstAddr} (${p.dstSubnet})`,
  WIREGUARD_PEER_UNENCRYPTED: (p) =>
    `${p.missing.join(', ')} publishes no WireGuard key, so ${p.srcNode} → ${p.dstNode} travels unencrypted (${p.fallback})`,
};

/** The short cause of a finding with its numbers, or undefined when the code has none. */
export function causeText<C extends FindingCode>(code: C, params: FindingParams[C]): string | undefined {
  const fn = CAUSES[code] as ((p: FindingParams[C]) => string) | undefined;
  return fn?.(params);
}
