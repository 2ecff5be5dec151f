// Small ClusterModel builders for unit tests of the policy and reach engines. They
// build only what the evaluator reads (pods, namespaces, policies and the indexes).

import type {
  AdminNetworkPolicy,
  ClusterModel,
  ContainerPort,
  Labels,
  Namespace,
  NetworkPolicy,
  Pod,
  PolicyDirection,
  PolicyRule,
  LabelSelector,
} from '../../../model/types';

export interface PodSpec {
  readonly labels?: Labels;
  readonly ips?: readonly string[];
  readonly ports?: ReadonlyArray<Omit<ContainerPort, 'container'> & { container?: string }>;
  readonly workload?: { kind: string; name: string };
  readonly hostIP?: string;
}

/** `ns/name` → spec. */
export function testPod(key: string, spec: PodSpec = {}): Pod {
  const [namespace, name] = key.split('/') as [string, string];
  return {
    key, namespace, name,
    labels: spec.labels ?? {},
    annotations: {},
    ips: spec.ips ?? [],
    ...(spec.hostIP ? { hostIP: spec.hostIP } : {}),
    hostNetwork: false,
    ready: true,
    ports: (spec.ports ?? []).map((p) => ({ container: 'main', ...p })),
    workload: spec.workload ? { namespace, ...spec.workload } : { namespace, name, kind: 'Pod' },
    synthesized: false,
    origin: {},
  };
}

export interface PolicySpec {
  readonly podSelector?: LabelSelector;
  readonly policyTypes?: readonly PolicyDirection[];
  readonly ingress?: readonly PolicyRule[];
  readonly egress?: readonly PolicyRule[];
}

export function testPolicy(key: string, spec: PolicySpec): NetworkPolicy {
  const [namespace, name] = key.split('/') as [string, string];
  const egress = spec.egress ?? [];
  return {
    key, namespace, name,
    podSelector: spec.podSelector ?? {},
    policyTypes: spec.policyTypes ?? (egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress']),
    policyTypesInferred: spec.policyTypes === undefined,
    ingress: spec.ingress ?? [],
    egress,
    origin: {},
  };
}

export interface ModelSpec {
  readonly namespaces?: Readonly<Record<string, Labels>>;
  readonly pods: readonly Pod[];
  readonly policies?: readonly NetworkPolicy[];
  readonly admin?: readonly AdminNetworkPolicy[];
  readonly baseline?: AdminNetworkPolicy;
}

function group<T>(items: readonly T[], key: (t: T) => string[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    for (const k of key(item)) {
      const list = map.get(k);
      if (list) list.push(item);
      else map.set(k, [item]);
    }
  }
  return map;
}

export function testModel(spec: ModelSpec): ClusterModel {
  const namespaces = new Map<string, Namespace>();
  for (const [name, labels] of Object.entries(spec.namespaces ?? {})) {
    namespaces.set(name, { name, labels: { 'kubernetes.io/metadata.name': name, ...labels }, declared: true });
  }
  for (const pod of spec.pods) {
    if (!namespaces.has(pod.namespace)) {
      namespaces.set(pod.namespace, { name: pod.namespace, labels: { 'kubernetes.io/metadata.name': pod.namespace }, declared: false });
    }
  }
  const policies = spec.policies ?? [];
  const admin = [...(spec.admin ?? [])].sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0) || (a.name < b.name ? -1 : 1));
  return {
    meta: { kind: 'files', title: 'test' },
    settings: {},
    namespaces,
    nodes: new Map(),
    pods: new Map(spec.pods.map((p) => [p.key, p])),
    services: new Map(),
    endpointSlices: [],
    networkPolicies: policies,
    adminPolicies: admin,
    ...(spec.baseline ? { baselinePolicy: spec.baseline } : {}),
    objectsByKind: new Map(),
    warnings: [],
    index: {
      podsByNamespace: group(spec.pods, (p) => [p.namespace]),
      podsByLabel: group(spec.pods, (p) => Object.entries(p.labels).map(([k, v]) => `${k}=${v}`)),
      podByIP: new Map(spec.pods.flatMap((p) => p.ips.map((ip) => [ip, p] as const))),
      podsByNode: new Map(),
      nodeByIP: new Map(),
      serviceByIP: new Map(),
      slicesByService: new Map(),
      podsByWorkload: group(spec.pods, (p) => [`${p.workload.namespace}/${p.workload.kind}/${p.workload.name}`]),
      policiesByNamespace: group(policies, (p) => [p.namespace]),
    },
  };
}
