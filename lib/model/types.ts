// The ClusterModel: normalized, plain-data view of cluster state that every engine
// function reads. Built once from a Snapshot by `loadModel` (lib/ingest/load-model.ts, which validates,
// normalizes and calls `indexModel` in lib/model/index-model.ts);
// never mutated afterwards. Raw objects stay available (by kind) for the platform
// detectors that read CNI / kube-proxy / MetalLB / ingress / gateway settings.

import type { CalicoModel } from './calico';
import type { IPFamily } from './ip';
import type { CiliumPolicy } from './cilium';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export const PROTOCOLS: readonly Protocol[] = ['SCTP', 'TCP', 'UDP'];

export type Labels = Readonly<Record<string, string>>;

/** A Kubernetes object as parsed from YAML/JSON/the API: apiVersion, kind, metadata, spec, ... */
export interface KubeObject {
  readonly apiVersion?: string;
  readonly kind: string;
  readonly metadata: {
    readonly name?: string;
    readonly generateName?: string;
    readonly namespace?: string;
    readonly uid?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
    readonly ownerReferences?: ReadonlyArray<{
      readonly apiVersion?: string;
      readonly kind?: string;
      readonly name: string;
      readonly uid?: string;
      readonly controller?: boolean;
    }>;
    readonly resourceVersion?: string;
    readonly creationTimestamp?: string;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

/** Where an object came from, so errors and evidence can point at it. */
export interface Origin {
  readonly file?: string;
  /** 0-based index of the YAML document (or list item path) within the file. */
  readonly doc?: number;
  readonly item?: number;
  /**
   * Where the object sits inside its document when it is not the document itself,
   * as a field path: `items[3]` (a List), `objects[12]` (a snapshot file).
   */
  readonly path?: string;
}

/** Reference to an object, as used in evidence and explanations. */
export interface ObjectRef {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values?: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

export interface ContainerPort {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol: Protocol;
  readonly container: string;
}

/** The peer a pod is reported as in reach output: its controlling workload, or itself. */
export interface WorkloadRef {
  readonly namespace: string;
  readonly name: string;
  /** Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController, Pod */
  readonly kind: string;
}

export interface Pod {
  /** `namespace/name` — unique within a model. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly nodeName?: string;
  /** status.podIPs (or podIP); empty when unknown (e.g. synthesized from a template). */
  readonly ips: readonly string[];
  readonly hostIP?: string;
  readonly hostNetwork: boolean;
  /** status.conditions[Ready]; synthesized pods count as ready. */
  readonly ready: boolean;
  readonly phase?: string;
  readonly ports: readonly ContainerPort[];
  readonly workload: WorkloadRef;
  /** True when the pod stands for one a workload template would create (no live Pod). */
  readonly synthesized: boolean;
  readonly origin: Origin;
  // Additive:
  /** spec.serviceAccountName when set (Calico and Cilium policies select on it). */
  readonly serviceAccount?: string;
}

export interface Namespace {
  readonly name: string;
  readonly labels: Labels;
  /** False when the namespace was inferred from objects in it (no Namespace object). */
  readonly declared: boolean;
}

export interface NodeInfo {
  readonly name: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly internalIPs: readonly string[];
  readonly externalIPs: readonly string[];
  readonly podCIDRs: readonly string[];
  readonly kernelVersion?: string;
  readonly ready: boolean;
  readonly origin: Origin;
}

export interface ServicePort {
  readonly name?: string;
  readonly protocol: Protocol;
  readonly port: number;
  /** Number, or a container port name resolved per pod. Defaults to `port`. */
  readonly targetPort: number | string;
  readonly nodePort?: number;
}

export type IPFamilyPolicy = 'SingleStack' | 'PreferDualStack' | 'RequireDualStack';

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

export interface Service {
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly type: ServiceType;
  /** Empty for headless (`None`) or unknown. Dual-stack: one per family, primary first. */
  readonly clusterIPs: readonly string[];
  /**
   * spec.ipFamilies (primary first); from the clusterIPs when the object omits it.
   * Undefined only for hand-built models (read it through serviceFamilies()).
   */
  readonly ipFamilies?: readonly IPFamily[];
  /** spec.ipFamilyPolicy; the API default is SingleStack. */
  readonly ipFamilyPolicy?: IPFamilyPolicy;
  readonly headless: boolean;
  /** undefined = no selector (endpoints managed by hand / EndpointSlices only). */
  readonly selector?: Labels;
  readonly ports: readonly ServicePort[];
  readonly externalTrafficPolicy: 'Cluster' | 'Local';
  readonly internalTrafficPolicy: 'Cluster' | 'Local';
  readonly healthCheckNodePort?: number;
  readonly loadBalancerIP?: string;
  readonly loadBalancerClass?: string;
  /** status.loadBalancer.ingress[] */
  readonly loadBalancerIngress: ReadonlyArray<{ readonly ip?: string; readonly hostname?: string }>;
  readonly externalIPs: readonly string[];
  readonly externalName?: string;
  /** spec.sessionAffinity: ClientIP pins each client address to one endpoint. Absent = None. */
  readonly sessionAffinity?: { readonly type: 'ClientIP'; readonly timeoutSeconds: number };
  /** spec.loadBalancerSourceRanges (CIDRs); absent or empty = every source. */
  readonly loadBalancerSourceRanges?: readonly string[];
  /** spec.trafficDistribution (PreferClose, PreferSameZone, PreferSameNode). */
  readonly trafficDistribution?: string;
  readonly origin: Origin;
}

export interface Endpoint {
  readonly addresses: readonly string[];
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  readonly nodeName?: string;
  readonly zone?: string;
  readonly targetRef?: ObjectRef;
  /** EndpointSlice hints (topology-aware routing): zones / nodes this endpoint serves. */
  readonly hints?: { readonly forZones: readonly string[]; readonly forNodes: readonly string[] };
}

export interface EndpointSlice {
  readonly namespace: string;
  readonly name: string;
  readonly serviceName: string;
  readonly addressType: 'IPv4' | 'IPv6' | 'FQDN';
  readonly ports: ReadonlyArray<{
    readonly name?: string;
    readonly port?: number;
    readonly protocol: Protocol;
  }>;
  readonly endpoints: readonly Endpoint[];
  /** True when derived from an Endpoints object or synthesized from the Service selector. */
  readonly derived: boolean;
}

// ---- NetworkPolicy (networking.k8s.io/v1), normalized -------------------------------

export interface IPBlock {
  readonly cidr: string;
  readonly except: readonly string[];
}

export interface PolicyPort {
  readonly protocol: Protocol;
  /** undefined = all ports of the protocol. */
  readonly port?: number | string;
  readonly endPort?: number;
}

export type PolicyPeer =
  | {
      readonly type: 'pods';
      readonly podSelector?: LabelSelector;
      readonly namespaceSelector?: LabelSelector;
    }
  | { readonly type: 'ipBlock'; readonly ipBlock: IPBlock };

export interface PolicyRule {
  /** Empty = all peers (the `from`/`to` list was empty or absent). */
  readonly peers: readonly PolicyPeer[];
  /** Empty = all ports and protocols. */
  readonly ports: readonly PolicyPort[];
}

export type PolicyDirection = 'Ingress' | 'Egress';

export interface NetworkPolicy {
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly podSelector: LabelSelector;
  /** Inferred when omitted: Ingress, plus Egress if the policy has egress rules. */
  readonly policyTypes: readonly PolicyDirection[];
  readonly policyTypesInferred: boolean;
  readonly ingress: readonly PolicyRule[];
  readonly egress: readonly PolicyRule[];
  readonly origin: Origin;
}

// ---- AdminNetworkPolicy / BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1)

export type AdminAction = 'Allow' | 'Deny' | 'Pass';

export type AdminSubject =
  | { readonly type: 'namespaces'; readonly namespaceSelector: LabelSelector }
  | { readonly type: 'pods'; readonly namespaceSelector: LabelSelector; readonly podSelector: LabelSelector };

export type AdminPeer =
  | { readonly type: 'namespaces'; readonly namespaceSelector: LabelSelector }
  | { readonly type: 'pods'; readonly namespaceSelector: LabelSelector; readonly podSelector: LabelSelector }
  | { readonly type: 'networks'; readonly cidrs: readonly string[] }
  | {
      readonly type: 'nodes';
      readonly nodeSelector: LabelSelector;
      /** ClusterNetworkPolicy: the selected nodes' addresses match (ANP `nodes` peers are not modelled). */
      readonly matchesNodeIPs?: true;
    }
  /** ClusterNetworkPolicy `domainNames`: depends on DNS answers; matches no address here. */
  | { readonly type: 'domainNames'; readonly domains: readonly string[] };

export type AdminPort =
  | { readonly type: 'portNumber'; readonly protocol: Protocol; readonly port: number }
  | { readonly type: 'namedPort'; readonly name: string }
  | { readonly type: 'portRange'; readonly protocol: Protocol; readonly start: number; readonly end: number };

export interface AdminRule {
  readonly name?: string;
  readonly action: AdminAction;
  readonly peers: readonly AdminPeer[];
  /** undefined = all ports. */
  readonly ports?: readonly AdminPort[];
}

export interface AdminNetworkPolicy {
  readonly tier: 'admin' | 'baseline';
  /** Set for a network-policy-api ClusterNetworkPolicy (v1alpha2) mapped onto this shape. */
  readonly kind?: 'ClusterNetworkPolicy';
  readonly name: string;
  /** ANP priority (lower = evaluated first); undefined for the baseline. */
  readonly priority?: number;
  readonly subject: AdminSubject;
  readonly ingress: readonly AdminRule[];
  readonly egress: readonly AdminRule[];
  readonly origin: Origin;
}

// ---- Snapshot and model ------------------------------------------------------------

import type { SourceKind } from './source-id';
export type { SourceKind } from './source-id';

export interface SourceMeta {
  readonly kind: SourceKind;
  /** Human title: scenario title, file names, kube context. */
  readonly title: string;
  /** ISO time the state was captured. */
  readonly capturedAt?: string;
  readonly context?: string;
  /** Set when the state is a what-if: changes laid over the captured state (`Kind namespace/name`). */
  readonly whatIf?: { readonly applied: readonly string[]; readonly removed: readonly string[] };
}

/**
 * Cluster-level settings that the Kubernetes API does not hold (the underlay MTU).
 * Stated in a snapshot file (`settings:`), on the CLI, or in the dashboard.
 */
export interface ClusterSettings {
  /** Underlay (node NIC) MTU for all nodes. */
  readonly underlayMTU?: number;
  /** Per-node override of the underlay MTU. */
  readonly nodeUnderlayMTU?: Readonly<Record<string, number>>;
}

/** The serializable form of cluster state: what is uploaded, saved and shared. */
export interface Snapshot {
  readonly meta: SourceMeta;
  readonly settings: ClusterSettings;
  readonly objects: readonly KubeObject[];
}

/** A non-fatal note about the input (ignored kinds, skipped files, assumptions). */
export interface IngestWarning {
  readonly code: 'IGNORED_KIND' | 'NOT_KUBERNETES' | 'SYNTHESIZED_PODS' | 'ASSUMPTION' | 'DUPLICATE_OBJECT';
  readonly message: string;
  readonly origin?: Origin;
  readonly ref?: ObjectRef;
}

/**
 * The indexed, immutable model. Every map is built once in `indexModel`; engine
 * functions look things up instead of scanning, so a query touches only the objects
 * on its path.
 */
export interface ClusterModel {
  readonly meta: SourceMeta;
  readonly settings: ClusterSettings;
  readonly namespaces: ReadonlyMap<string, Namespace>;
  readonly nodes: ReadonlyMap<string, NodeInfo>;
  /** key `namespace/name` */
  readonly pods: ReadonlyMap<string, Pod>;
  readonly services: ReadonlyMap<string, Service>;
  readonly endpointSlices: readonly EndpointSlice[];
  readonly networkPolicies: readonly NetworkPolicy[];
  /** AdminNetworkPolicies sorted by priority, then name. */
  readonly adminPolicies: readonly AdminNetworkPolicy[];
  readonly baselinePolicy?: AdminNetworkPolicy;
  /** Baseline-tier ClusterNetworkPolicies, sorted by priority, then name (evaluated before the BANP). */
  readonly baselineClusterPolicies?: readonly AdminNetworkPolicy[];
  /** CiliumNetworkPolicies and CiliumClusterwideNetworkPolicies (one entry per spec/specs[] rule). */
  readonly ciliumPolicies?: readonly CiliumPolicy[];
  /** Raw objects of every kind, for platform detectors. Key: kind (e.g. `IPPool`). */
  readonly objectsByKind: ReadonlyMap<string, readonly KubeObject[]>;
  readonly index: ModelIndex;
  readonly warnings: readonly IngestWarning[];
  // Additive:
  /** Calico policy objects; undefined when the snapshot holds none (plain Kubernetes evaluation). */
  readonly calico?: CalicoModel;
}

export interface ModelIndex {
  /** namespace → pods in it */
  readonly podsByNamespace: ReadonlyMap<string, readonly Pod[]>;
  /** `label=value` → pods carrying it (for selector pre-filtering) */
  readonly podsByLabel: ReadonlyMap<string, readonly Pod[]>;
  /** IP address → pod */
  readonly podByIP: ReadonlyMap<string, Pod>;
  /** node name → pods scheduled on it */
  readonly podsByNode: ReadonlyMap<string, readonly Pod[]>;
  /** IP → node (InternalIP/ExternalIP) */
  readonly nodeByIP: ReadonlyMap<string, NodeInfo>;
  /** ClusterIP / external IP / LB ingress IP → service */
  readonly serviceByIP: ReadonlyMap<string, Service>;
  /** service key → its endpoint slices */
  readonly slicesByService: ReadonlyMap<string, readonly EndpointSlice[]>;
  /** workload `namespace/Kind/name` → pods */
  readonly podsByWorkload: ReadonlyMap<string, readonly Pod[]>;
  /** namespace → policies in it */
  readonly policiesByNamespace: ReadonlyMap<string, readonly NetworkPolicy[]>;
}
