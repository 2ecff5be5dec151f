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

/**
 * Set when the CNI's own policy semantics denied rather than the absence of an allow:
 * a Cilium deny rule (no allow can override it) or Cilium's L7 proxy refusing the request.
 */
export interface CniDenial {
  readonly detail: string;
  readonly fix: string;
  readonly verify: readonly string[];
}

export interface FindingParams {
  readonly POLICY_EGRESS_DENIED: PeerParams & { readonly policies: readonly string[]; readonly reasons: readonly string[]; readonly cni?: CniDenial };
  readonly POLICY_INGRESS_DENIED: PeerParams & { readonly policies: readonly string[]; readonly reasons: readonly string[]; readonly cni?: CniDenial };
  readonly POLICY_ALLOWED_BY: PeerParams & { readonly direction: 'egress' | 'ingress'; readonly rules: readonly string[]; readonly explanation: string };
  readonly DNS_BLOCKED_BY_DEFAULT_DENY: {
    readonly namespace: string;
    readonly policies: readonly string[];
    readonly pods: readonly string[];
    readonly missing: readonly string[];
    readonly dnsTarget: string;
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
  };
  readonly MTU_FRAGMENTATION_RISK: { readonly hop: string; readonly size: number; readonly mtu: number; readonly dst: string };
  readonly MTU_UNDERUSED: { readonly podMTU: number; readonly underlay: number; readonly overhead: number; readonly target: number; readonly fixCommand: string; readonly dst: string };
  readonly MTU_ASSUMED: { readonly node?: string };
  readonly MTU_MISMATCH_NODES: { readonly what: string; readonly nodes: ReadonlyArray<{ readonly node: string; readonly mtu: number }> };
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
  readonly SNAT_EGRESS_MASQUERADE: { readonly cni: string; readonly podIP: string; readonly nodeIP: string; readonly dst: string; readonly setting: string };
  readonly NO_READY_ENDPOINTS: {
    readonly service: string;
    readonly reason: 'no-match' | 'not-ready' | 'no-selector' | 'itp-local';
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
  readonly LB_PENDING: { readonly service: string; readonly why: string; readonly pool?: string };
  readonly METALLB_NOT_ADVERTISED: { readonly service: string; readonly ip: string; readonly pool: string; readonly poolNamespace: string };
  readonly METALLB_L2_SINGLE_NODE: { readonly service: string; readonly ip: string; readonly node: string; readonly elected: boolean };
  readonly IPVS_STRICT_ARP_REQUIRED: { readonly ip?: string };
  readonly KUBE_PROXY_IPTABLES_SCALE: { readonly services: number; readonly endpoints: number; readonly threshold: number };
  readonly KUBE_PROXY_MODE_ASSUMED: { readonly assumed: string };
  readonly EBPF_KERNEL_TOO_OLD: { readonly node: string; readonly kernel: string; readonly required: string; readonly cni: string };
  readonly NODEPORT_EXPOSED: { readonly service: string; readonly type: string; readonly nodePort: number; readonly nodes: number; readonly sampleNodeIP?: string };
  readonly INGRESS_NO_RULE_MATCH: { readonly host: string; readonly path: string; readonly candidates: readonly string[]; readonly defaultBackend?: string };
  readonly INGRESS_BACKEND_MISSING: {
    readonly owner: string;
    readonly service: string;
    readonly port: string;
    readonly missing: 'service' | 'port';
    readonly ports: readonly string[];
    /** Share of the rule's requests weighted to this backendRef (Gateway API), when below 1. */
    readonly share?: number;
  };
  readonly INGRESS_CLASS_UNCLAIMED: { readonly ingress: string; readonly className?: string; readonly classes: readonly string[] };
  readonly GATEWAY_ROUTE_NOT_ATTACHED: { readonly route: string; readonly gateway: string; readonly reason: string; readonly listeners: readonly string[] };
  readonly GATEWAY_NO_RULE_MATCH: { readonly host: string; readonly path: string; readonly method: string; readonly routes: readonly string[]; readonly wouldMatch?: string };
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
  readonly GATEWAY_WEIGHTED_SPLIT: { readonly route: string; readonly branches: ReadonlyArray<{ readonly name: string; readonly weight: number; readonly share: number }> };
  readonly OVERLAY_CROSS_SUBNET: {
    readonly srcNode: string;
    readonly dstNode: string;
    readonly srcSubnet?: string;
    readonly dstSubnet?: string;
    readonly encapsulated: boolean;
    readonly overlay: string;
    readonly dstIP: string;
  };
  readonly CNI_ASSUMED: { readonly nothing?: never };
  readonly NO_ROUTE: { readonly from: string; readonly to: string; readonly reason: string };
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
