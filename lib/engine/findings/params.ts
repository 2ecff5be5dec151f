// The typed inputs of every finding's detail / fix / verify builders. Keeping them per
// code lets the catalogue stay a lookup table while the compiler checks each call site.

export interface PeerParams {
  /** `ns/name` of the pod the policy applies to. */
  readonly pod: string;
  /** The other side, in words (`pod shop/db (10.244.2.7)`, `203.0.113.9`). */
  readonly peer: string;
  readonly peerIP?: string;
  readonly protocol: string;
  readonly port: number;
}

import type { OverlayFindingParams } from './params-overlay';

/** What decided a connection on a Calico cluster, for the policy findings. */
export interface CalicoDecisionParams {
  /** The deciding rule (`projectcalico.org GlobalNetworkPolicy default-deny (tier platform) egress rule #0 Deny`) or the tier end. */
  readonly decidedBy: string;
  /** The Calico tier that decided (`profiles` for the profile step). */
  readonly tier: string;
  /** A Calico policy (YAML) in that tier that allows the connection, when that is the fix. */
  readonly fixPolicy?: string;
  /** Where the fix goes, in words. */
  readonly fixNote?: string;
}

/**
 * Set when the CNI's own policy semantics denied rather than the absence of an allow:
 * a Cilium deny rule (no allow can override it) or Cilium's L7 proxy refusing the request.
 */
export interface CniDenial {
  readonly detail: string;
  readonly fix: string;
  readonly verify: readonly string[];
}

/** The NetworkPolicy that allows exactly the denied connection (lib/engine/whatif/suggest.ts). */
export interface AllowPolicyParams {
  /** The policy as YAML, ready for `kubectl apply -f -`. */
  readonly yaml: string;
  /** Where the suggestion opens more than asked (labels shared by other workloads). */
  readonly notes: readonly string[];
}

export interface FindingParams extends OverlayFindingParams {
  readonly POLICY_EGRESS_DENIED: PeerParams & {
    readonly policies: readonly string[];
    readonly reasons: readonly string[];
    readonly calico?: CalicoDecisionParams;
    readonly cni?: CniDenial;
    readonly allow?: AllowPolicyParams;
  };
  readonly POLICY_INGRESS_DENIED: PeerParams & {
    readonly policies: readonly string[];
    readonly reasons: readonly string[];
    readonly calico?: CalicoDecisionParams;
    readonly cni?: CniDenial;
    readonly allow?: AllowPolicyParams;
  };
  readonly POLICY_ALLOWED_BY: PeerParams & {
    readonly direction: 'egress' | 'ingress';
    readonly rules: readonly string[];
    readonly explanation: string;
    readonly calico?: CalicoDecisionParams;
  };
  readonly POLICY_TIER_PASS: PeerParams & {
    readonly direction: 'egress' | 'ingress';
    /** The Pass rules, in the order they handed the connection on. */
    readonly passes: readonly string[];
    /** Tiers whose Pass handed it on. */
    readonly tiers: readonly string[];
    /** The rule (or tier end / profile) that finally decided. */
    readonly decidedBy: string;
    readonly allowed: boolean;
  };
  readonly DNS_BLOCKED_BY_DEFAULT_DENY: {
    readonly namespace: string;
    readonly policies: readonly string[];
    readonly pods: readonly string[];
    readonly missing: readonly string[];
    readonly dnsTarget: string;
    /** Calico: the tier whose policy or default action denies DNS. */
    readonly calicoTier?: string;
  };
  readonly NAMED_PORT_UNRESOLVED: {
    readonly owner: string;
    readonly portName: string;
    readonly pod: string;
    readonly declared: readonly string[];
  };
  readonly MTU_BLACKHOLE: {
    readonly node: string;
    readonly podMTU: number;
    readonly size: number;
    readonly overlay: string;
    readonly overhead: number;
    readonly underlay: number;
    readonly dst: string;
    readonly target: number;
    readonly fixCommand: string;
    /** The setting the fix changes when it is not the pod MTU itself (Cilium `mtu`, flannel Backend.MTU: the underlying network's MTU). */
    readonly setting?: { readonly name: string; readonly value: number };
    /** The sending pod (`ns/name`), when known: the probes run in it. */
    readonly pod?: string;
    /** Commands that recreate the pods on the node, so their interfaces take the new MTU. */
    readonly restart: readonly string[];
  };
  readonly MTU_FRAGMENTATION_RISK: {
    readonly hop: string;
    /** Node the packet leaves from, where the verify commands run. */
    readonly node?: string;
    /** The pod whose interface is too small (the commands then run in it). */
    readonly pod?: string;
    readonly size: number;
    readonly mtu: number;
    readonly dst: string;
  };
  readonly MTU_UNDERUSED: {
    readonly node?: string;
    readonly podMTU: number;
    readonly underlay: number;
    readonly overhead: number;
    readonly target: number;
    readonly fixCommand: string;
    readonly dst: string;
  };
  readonly MTU_ASSUMED: { readonly node?: string };
  readonly MTU_MISMATCH_NODES: {
    readonly what: string;
    readonly nodes: ReadonlyArray<{ readonly node: string; readonly mtu: number }>;
  };
  readonly CLIENT_IP_LOST_ETP_CLUSTER: {
    readonly service: string;
    readonly node: string;
    /** The address the client is masqueraded to (the node's, or its tunnel device's). */
    readonly nodeIP: string;
    readonly clientIP: string;
    /** Overlay device whose address MASQUERADE picked (vxlan.calico, tunl0, flannel.1). */
    readonly device?: string;
  };
  readonly ETP_LOCAL_NO_LOCAL_ENDPOINT: {
    readonly service: string;
    readonly node: string;
    /** The receiving node's address (for the health check probe). */
    readonly nodeIP?: string;
    readonly endpointNodes: readonly string[];
    readonly nodeCount: number;
    readonly healthCheckNodePort?: number;
  };
  readonly ETP_LOCAL_UNEVEN_SPREAD: {
    readonly service: string;
    /** Ready local endpoints per node that receives traffic, sorted by node. */
    readonly nodes: ReadonlyArray<{ readonly node: string; readonly endpoints: number }>;
  };
  readonly SNAT_EGRESS_MASQUERADE: {
    readonly cni: string;
    /** The node that masquerades (the source pod's). */
    readonly node?: string;
    readonly podIP: string;
    readonly nodeIP: string;
    readonly dst: string;
    readonly setting: string;
  };
  readonly NO_READY_ENDPOINTS: {
    readonly service: string;
    readonly reason: 'no-match' | 'not-ready' | 'no-selector' | 'itp-local';
    /** Nodes that do run a ready endpoint (for itp-local: the client's node has none of them). */
    readonly endpointNodes?: readonly string[];
    readonly selector: string;
    readonly notReady: readonly string[];
    readonly node?: string;
    /** The data-plane command that shows the port has no endpoint (kube-proxy's reject rule, ...). */
    readonly dataPlane?: string;
    /** The L7 proxy that picks endpoints itself (it answers 503 instead of kube-proxy rejecting). */
    readonly proxy?: string;
  };
  readonly TARGET_PORT_MISMATCH: {
    readonly service: string;
    readonly port: number;
    readonly targetPort: string;
    readonly pods: readonly string[];
    readonly declared: readonly string[];
    /** The endpoint chain / virtual server that DNATs to the wrong port. */
    readonly dataPlane?: readonly string[];
    /** Index of the port in spec.ports (for the JSON patch); 0 when absent. */
    readonly portIndex?: number;
    /** targetPort is a name: the EndpointSlice then lists no port for these pods at all. */
    readonly named?: boolean;
    /** The L7 proxy that picks endpoints itself. */
    readonly proxy?: string;
  };
  readonly SESSION_AFFINITY: {
    readonly service: string;
    readonly timeoutSeconds: number;
    readonly endpoints: number;
    /** How the data plane pins (kube-proxy mode words: iptables recent, IPVS persistence, ...). */
    readonly mechanism: string;
    readonly clientIP: string;
    readonly dataPlane: readonly string[];
  };
  readonly TARGET_PORT_UNDECLARED: {
    readonly service: string;
    readonly port: number;
    readonly targetPort: number;
    readonly pods: readonly string[];
    readonly declared: readonly string[];
    readonly portIndex?: number;
  };
  readonly EXTERNAL_NAME_SERVICE: {
    readonly service: string;
    readonly externalName: string;
    readonly port?: number;
  };
  readonly HEADLESS_SERVICE: {
    readonly service: string;
    readonly endpoints: readonly string[];
    readonly domain: string;
  };
  readonly NODELOCAL_DNS: {
    readonly node: string;
    readonly addresses: readonly string[];
    /** The kube-dns ClusterIP the pod asked (answered on the node too in iptables/nftables mode). */
    readonly clusterDNS?: string;
    readonly pod?: string;
    /** Egress policies of the pod that allow only the CoreDNS pods (DNS breaks through the cache). */
    readonly coreDnsOnly: readonly string[];
  };
  readonly LB_SOURCE_RANGE_DENIED: {
    readonly service: string;
    readonly clientIP: string;
    readonly ranges: readonly string[];
    readonly lbIP: string;
    /** Who drops: kube-proxy chain name or the cloud load balancer. */
    readonly enforcer: string;
    readonly dataPlane: readonly string[];
  };
  readonly LB_PENDING: {
    readonly service: string;
    readonly why: string;
    readonly pool?: string;
    /** A MetalLB pool that exists but only assigns on request (autoAssign: false) and that the Service does not request. */
    readonly reservedPool?: { readonly name: string; readonly namespace: string };
  };
  readonly METALLB_NOT_ADVERTISED: {
    readonly service: string;
    readonly ip: string;
    readonly pool: string;
    readonly poolNamespace: string;
  };
  readonly METALLB_L2_SINGLE_NODE: {
    readonly service: string;
    readonly ip: string;
    readonly node: string;
    readonly elected: boolean;
  };
  readonly IPVS_STRICT_ARP_REQUIRED: { readonly ip?: string };
  readonly KUBE_PROXY_IPTABLES_SCALE: {
    readonly services: number;
    readonly endpoints: number;
    readonly threshold: number;
  };
  readonly KUBE_PROXY_MODE_ASSUMED: { readonly assumed: string };
  readonly EBPF_KERNEL_TOO_OLD: {
    readonly node: string;
    readonly kernel: string;
    readonly required: string;
    readonly cni: string;
  };
  readonly NODEPORT_EXPOSED: {
    readonly service: string;
    readonly type: string;
    readonly nodePort: number;
    readonly nodes: number;
    readonly sampleNodeIP?: string;
  };
  readonly INGRESS_NO_RULE_MATCH: {
    readonly host: string;
    readonly path: string;
    readonly candidates: readonly string[];
    readonly defaultBackend?: string;
  };
  readonly INGRESS_BACKEND_MISSING: {
    readonly owner: string;
    readonly service: string;
    readonly port: string;
    readonly missing: 'service' | 'port';
    readonly ports: readonly string[];
    /** Share of the rule's requests weighted to this backendRef (Gateway API), when below 1. */
    readonly share?: number;
  };
  readonly INGRESS_CLASS_UNCLAIMED: {
    readonly ingress: string;
    readonly className?: string;
    readonly classes: readonly string[];
  };
  readonly GATEWAY_ROUTE_NOT_ATTACHED: {
    readonly route: string;
    readonly gateway: string;
    readonly reason: string;
    readonly listeners: readonly string[];
  };
  readonly GATEWAY_NO_RULE_MATCH: {
    readonly host: string;
    readonly path: string;
    readonly method: string;
    readonly routes: readonly string[];
    readonly wouldMatch?: string;
  };
  readonly GATEWAY_REFERENCE_NOT_PERMITTED: {
    readonly route: string;
    readonly routeNamespace: string;
    readonly backend: string;
    readonly backendNamespace: string;
    /** Share of the rule's requests weighted to this backendRef (they all get HTTP 500). */
    readonly share?: number;
    /** The gateway implementation that answers ("Envoy Gateway"). */
    readonly proxy?: string;
  };
  readonly GATEWAY_WEIGHTED_SPLIT: {
    readonly route: string;
    readonly branches: ReadonlyArray<{
      readonly name: string;
      readonly weight: number;
      readonly share: number;
    }>;
  };
  readonly OVERLAY_CROSS_SUBNET: {
    readonly srcNode: string;
    readonly dstNode: string;
    readonly srcSubnet?: string;
    readonly dstSubnet?: string;
    readonly encapsulated: boolean;
    readonly overlay: string;
    readonly dstIP: string;
    /** The setting that makes the choice (`CrossSubnet`, flannel `DirectRouting`); default CrossSubnet. */
    readonly setting?: string;
    /** The node subnets were not stated and were assumed (say how). */
    readonly assumed?: string;
  };
  readonly CNI_ASSUMED: { readonly node?: string };
  readonly NO_ROUTE: {
    readonly from: string;
    readonly to: string;
    readonly reason: string;
    readonly node?: string;
  };
  readonly INGRESS_REDIRECT: {
    readonly ingress: string;
    readonly code: number;
    readonly location: string;
    readonly reason: string;
    readonly scheme: 'http' | 'https';
    readonly host: string;
    readonly path: string;
    /** The annotation that causes it: ssl-redirect (also force-ssl-redirect and the ConfigMap default), permanent-redirect, temporal-redirect. */
    readonly annotation: 'ssl-redirect' | 'permanent-redirect' | 'temporal-redirect';
  };
  readonly INGRESS_SOURCE_DENIED: {
    readonly ingress: string;
    /** The URL requested. */
    readonly url: string;
    /** The address nginx checks ($remote_addr). */
    readonly remote: string;
    /** The client as it sent the packet. */
    readonly client: string;
    readonly ranges: readonly string[];
    /** Entries that are no address or CIDR: ingress-nginx denies the whole location (503). */
    readonly invalid?: readonly string[];
    /** Where the ranges come from (annotation or ConfigMap key). */
    readonly source: string;
    /** How nginx got `remote`. */
    readonly how: string;
    /** The controller's own Service (for the externalTrafficPolicy fix). */
    readonly service?: string;
  };
  readonly CLIENT_IP_VIA_HEADER: {
    readonly proxy: string;
    /** The proxy pod's address: the source every backend connection has. */
    readonly proxyIP?: string;
    /** The address the proxy takes as the client. */
    readonly remote: string;
    readonly client: string;
    readonly header: 'X-Forwarded-For' | 'PROXY protocol';
    readonly xff: string;
    readonly how: string;
    readonly service?: string;
  };
  readonly IPBLOCK_COVERS_POD_IPS: {
    /** `ns/name` of the policy. */
    readonly policy: string;
    /** `spec.ingress[i].from[j].ipBlock.cidr` */
    readonly field: string;
    readonly cidr: string;
    readonly except: readonly string[];
    /** The pods covered, as `ns/name (ip)`. */
    readonly pods: readonly string[];
    readonly ips: readonly string[];
    readonly mode: 'match' | 'outside';
    readonly why: string;
    /** What that means for this verdict, as a sentence. */
    readonly effect: string;
    /** A command that tests the connection the verdict is about. */
    readonly probe?: string;
  };
  readonly HOST_NETWORK_POD: {
    readonly pod: string;
    readonly node: string;
    readonly nodeIP: string;
    readonly mtu: number;
    readonly role: 'source' | 'destination';
    /** NetworkPolicies whose podSelector matches the pod's labels but do not apply to it. */
    readonly policies: readonly string[];
  };
  readonly HAIRPIN_SNAT: {
    readonly pod: string;
    readonly service: string;
    readonly podIP: string;
    readonly snatIP: string;
    readonly device?: string;
    readonly node: string;
    readonly port: number;
    /** How the data plane masquerades it (the rule and the address choice). */
    readonly how: string;
    /** Which source the ingress policy judges: the pod's own address, the masqueraded one, or none. */
    readonly judged: 'own' | 'masqueraded' | 'bypass';
    readonly judgedText: string;
    readonly dataPlane: readonly string[];
  };
  readonly POLICY_L7_RULE: PeerParams & {
    readonly direction: 'egress' | 'ingress';
    /** `CiliumNetworkPolicy shop/api ingress rule #0 toPorts[0]: http GET /healthz` */
    readonly rules: readonly string[];
    /** http, dns, kafka */
    readonly protocols: readonly string[];
    /** `GET /api/orders` when the trace carries a request. */
    readonly request?: string;
    /** allowed / denied (403 from the proxy) / depends (no request to check). */
    readonly outcome: 'allowed' | 'denied' | 'depends';
    /** The HTTP rule that admitted the request. */
    readonly matched?: string;
    /** Namespace/name of the policy to edit. */
    readonly policy: string;
    readonly policyKind: string;
  };
  readonly POLICY_DEPENDS_ON_DNS: PeerParams & {
    readonly rules: readonly string[];
    readonly names: readonly string[];
    /** What the verdict assumed about the DNS answers. */
    readonly assumed: string;
    /** Whose rule it is: Cilium toFQDNs (the default) or ClusterNetworkPolicy domainNames. */
    readonly source?: 'cilium' | 'ClusterNetworkPolicy';
  };
}
