// The first step of a tour: what we are about to follow and what to watch for.

import type { TraceQuery } from '../engine/types';
import type { Scenario } from '../scenarios/types';
import type { TourIntro } from './types';

/** What to watch for in each built-in scenario, beyond its story. */
const WATCH_FOR: Readonly<Record<string, string>> = {
  'vxlan-mtu-blackhole':
    'Watch the MTU on every hop. The pod sends 1500-byte packets; at the encapsulation hop VXLAN adds 50 bytes, and the 1550-byte result meets a 1500-byte underlay.',
  'vxlan-mtu-fixed':
    'Watch the MTU again: the pod interface now carries 1450 bytes, so after the 50-byte VXLAN header the packet is exactly 1500 bytes and fits the underlay.',
  'vxlan-mtu-web-replicas':
    'Watch the replica summary and the MTU at the encapsulation hop: the tour follows a web replica on worker-1, whose 1500-byte packet grows to 1550 bytes in VXLAN; the replica beside db never leaves its node.',
  'vxlan-mtu-web-replicas-fixed':
    'Watch the encapsulation hop: 1450-byte pod packets plus 50 bytes of VXLAN fit the 1500-byte underlay, so every web replica reaches db.',
  'client-ip-lost-etp-cluster':
    'Watch the source address. It is the customer when the packet reaches the announcing node, and the node itself after the SNAT hop that externalTrafficPolicy: Cluster adds before forwarding to another node.',
  'client-ip-kept-etp-local':
    'Watch the source address stay the customer all the way: with externalTrafficPolicy: Local the node delivers only to a controller pod of its own, so there is no SNAT hop.',
  'default-deny-breaks-dns':
    "Watch the egress policy hop: once the DNS Service is translated to a CoreDNS pod, the lookup on UDP 53 is dropped on the pod's own node, because no policy allows it.",
  'default-deny-allow-dns':
    'Watch the egress and ingress policy hops: each now names the policy and rule that allow DNS, while other traffic is still denied.',
  'calico-tier-pass-missing-policy':
    "Watch the policy hops' tier chain: at web's egress the platform tier Passes the packet and the application tier allows it; at db's ingress the platform tier Passes it again, but in the application tier only the namespace default deny selects db, so the tier's default action drops it.",
  'calico-tier-pass-fixed':
    "Watch the ingress policy hop at db: after the platform tier's Pass, application.db-ingress now matches in the application tier and allows TCP 5432 from web.",
  'lb-pending-no-metallb':
    'Watch where the packet enters: with no load-balancer implementation the external IP never appears, so the only way in is the node port on each node.',
  'metallb-pool-not-advertised':
    'Watch the load-balancer hop: the address is assigned from the pool, but no advertisement selects the pool, so no node answers ARP and the packet never arrives.',
  'metallb-l2-advertised':
    'Watch the load-balancer hop: one speaker node answers ARP for the address, and every packet for it enters the cluster through that node.',
  'ipvs-strictarp-metallb':
    'Watch the load-balancer hop: with IPVS and strictARP off, every node answers ARP for the address, so the MAC that receives traffic keeps changing.',
  'ipvs-strictarp-enabled':
    'Watch the load-balancer hop: with strictARP on, only the elected speaker answers ARP, and the customer address survives to the pod.',
  'gateway-canary':
    'Watch the gateway hop and its weighted branches: the 10 % branch points at a Service in another namespace that no ReferenceGrant permits.',
  'gateway-canary-fixed':
    'Watch the gateway hop: both weighted branches now resolve, 90 % to the stable Service and 10 % to the canary.',
  'flannel-host-gw-across-racks':
    "Watch the hop between the nodes: inside rack A the packet is routed via the other node's address, but towards rack B host-gw has no route, because 10.20.2.12 is not on rack A's segment.",
  'flannel-vxlan-directrouting':
    'Watch the hop between the nodes: towards rack B the packet is now wrapped in VXLAN, while inside rack A DirectRouting still routes it without encapsulation.',
  'calico-ipip-crosssubnet':
    'Watch the hop between the nodes: within a rack the packet is routed as it is, across racks it is wrapped in IP-in-IP and grows by 20 bytes past the underlay MTU.',
  'calico-ipip-crosssubnet-fixed':
    'Watch the MTU: 1480-byte pod packets plus 20 bytes of IP-in-IP make exactly 1500 on the cross-rack path.',
  'named-port-mismatch':
    'Watch the Service hop: the targetPort names a container port the pods no longer declare, so the endpoints carry no port and the connection is refused.',
  'named-port-fixed':
    'Watch the Service hop: the targetPort name resolves to 8080 on both pods, and kube-proxy has endpoints to send to.',
  'iptables-at-scale':
    'Watch the Service hop: in iptables mode the first packet walks a rule list that grows with every Service in the cluster.',
  'ipvs-at-scale':
    'Watch the Service hop: in IPVS mode the lookup is a hash-table hit, whatever the number of Services.',
  'cilium-dsr-old-kernel':
    'Watch the Service hop on worker-3: the eBPF kube-proxy replacement needs a newer kernel than the one that node runs.',
  'cilium-dsr-kernel-upgraded':
    'Watch the Service hop: eBPF translates the address on every node, and with DSR the backend answers the client directly.',
  'cilium-egress-deny-world':
    'Watch the egress policy hop of api: the NetworkPolicy allow to the payment provider is there, but the clusterwide egressDeny to world is evaluated first and wins.',
  'cilium-egress-deny-world-fixed':
    'Watch the same egress hop: the narrowed deny no longer covers the payment provider, so the NetworkPolicy rule decides and allows TCP 443.',
  'cilium-l7-healthz-only':
    'Watch the ingress policy hop of api: the connection is allowed at L3/L4, then the L7 proxy checks the request against the HTTP rules and refuses GET /api/orders.',
  'cilium-l7-orders-allowed':
    'Watch the ingress policy hop: the proxy finds the new GET /api/orders rule and forwards the request.',
  'flannel-ip-masq-egress':
    'Watch the SNAT hop before the packet leaves the cluster: --ip-masq replaces the pod address with the node address the partner actually sees.',
  'flannel-egress-mtu-stated':
    'Watch the SNAT hop and the MTU: the partner sees node addresses on purpose now, and the stated 1500-byte underlay removes the MTU assumption.',
  'ingress-manifests-metallb':
    'Watch the load-balancer hop: the manifests carry no status, so its facts say how the entry was inferred (class, controller pods, the Service selecting them), and MetalLB has no pool that would assign that Service an address.',
  'ingress-manifests-metallb-fixed':
    'Watch the same inferred entry now carry the address MetalLB assigns from the requested pool, through the controller pod and the Ingress rule to the shop pods.',
  'ingress-nginx-regex-allowlist':
    "Watch the ingress hop: plain http is answered with a 308 redirect, the partner's https request is refused with 403 by the allowlist, and the nginx location shows every path of the host as a case-insensitive regex.",
  'ingress-nginx-allowlist-partner':
    'Watch the ingress hop admit the partner and proxy to an api pod; the endpoint hop shows the controller pod as the source, with the partner only in X-Forwarded-For.',
  'hostnetwork-exporter-default-deny':
    "Watch the egress policy hop of Prometheus: the exporter it scrapes is a host-network pod, so the policy sees the node address, and the rule naming app=node-exporter never matches it. The exporter hop has no veth and the node's MTU.",
  'hostnetwork-exporter-node-cidr':
    "Watch the egress policy hop: the ipBlock of the node network now matches the exporter's address, Calico natOutgoing masquerades the scrape to the Prometheus node, and the exporter hop has no veth.",
  'hairpin-own-service':
    "Watch the Service hop send the api back to itself, then the ingress policy hop: Calico judges the pod's own address before kube-proxy masquerades it, and the app=web rule does not admit it. The hairpin SNAT hop after it, never reached, shows the node address the api would have seen.",
  'hairpin-own-service-allowed':
    "Watch the ingress policy hop admit the api's own pods now, then the hairpin SNAT hop and the endpoint: the source the api sees is the node address the masquerade put there.",
  'dual-stack-ipv6-mtu':
    "Watch the addresses and the encapsulation hop: the trace follows IPv6 (the Service's primary family), the outer packet runs between the nodes' IPv6 addresses, and VXLAN over IPv6 adds 70 bytes, so the 1450-byte pod packet becomes 1520 on a 1500-byte underlay. The IPv4 query to api fits with 50 bytes.",
  'dual-stack-ipv6-mtu-fixed':
    'Watch the MTU on the encapsulation hop: the pod interface now carries 1430 bytes, and 1430 + 70 bytes of VXLAN over IPv6 is exactly the 1500-byte underlay; IPv4 (50 bytes) fits as well.',
  'large-cluster':
    'Watch the policy hops: every namespace denies by default, so each allowed flow names the one policy rule that opens it.',
  'nodelocal-dns-coredns-only':
    "Watch the service hop and the egress policy after it: node-local-dns answers the kube-dns address on the pod's own node without DNAT, so the policy judges 10.96.0.10, not a CoreDNS pod, and the CoreDNS-only rule does not match.",
  'nodelocal-dns-allowed':
    'Watch the egress policy hop name the ipBlock rule for the node-local address, and the endpoint hop: the cache on the same node answers, so DNS never crosses the overlay.',
};

function describeQuery(q: TraceQuery): string {
  const port = q.port !== undefined ? ` on ${q.protocol ?? 'TCP'} port ${q.port}` : '';
  const size = q.size !== undefined ? `, with a ${q.size}-byte packet` : '';
  return `We follow one packet from ${q.from} to ${q.to}${port}${size}, hop by hop, in the order the kernel handles it.`;
}

/**
 * A story's first sentence (what people see) and the rest (why). Sentences end at `.`,
 * `!` or `?` followed by a space; addresses and versions (10.0.0.11, 0.13) have no space.
 */
export function splitStory(story: string): { symptom: string; cause: string } {
  const m = /[.!?](?=\s+[A-Za-z`"])/.exec(story);
  if (!m) return { symptom: story, cause: '' };
  return { symptom: story.slice(0, m.index + 1), cause: story.slice(m.index + 1).trim() };
}

/**
 * Intro of a built-in scenario's tour: the symptom and the packet followed. The cause
 * and what to watch for are told when the tour reaches the culprit hop (`reveal`).
 */
export function scenarioIntro(scenario: Scenario, query: TraceQuery): TourIntro {
  const watch =
    WATCH_FOR[scenario.slug] ??
    "Watch each hop's addresses and MTU, and the verdict at every step: the hop where something goes wrong is marked.";
  const { symptom, cause } = splitStory(scenario.story);
  return {
    title: scenario.title,
    paragraphs: [symptom, describeQuery(query)],
    reveal: [...(cause ? [cause] : []), watch],
  };
}

/** Intro of a tour over the user's own source. */
export function sourceIntro(sourceTitle: string, query: TraceQuery): TourIntro {
  return {
    title: `A tour of ${sourceTitle}`,
    paragraphs: [
      describeQuery(query),
      'Each step explains one hop: what it is, what the packet looks like there in your cluster, what typically goes wrong, and the commands that show it on a real node.',
    ],
  };
}
