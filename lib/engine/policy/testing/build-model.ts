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
import { indexModel } from '../../../model/index-model';

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
    key,
    namespace,
    name,
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
    key,
    namespace,
    name,
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

export function testModel(spec: ModelSpec): ClusterModel {
  const namespaces = Object.entries(spec.namespaces ?? {}).map(([name, labels]): Namespace => ({
    name,
    labels: { 'kubernetes.io/metadata.name': name, ...labels },
    declared: true,
  }));
  const declared = new Set(namespaces.map((n) => n.name));
  for (const ns of new Set(spec.pods.map((p) => p.namespace))) {
    if (!declared.has(ns))
      namespaces.push({ name: ns, labels: { 'kubernetes.io/metadata.name': ns }, declared: false });
  }
  return indexModel(
    {
      namespaces,
      nodes: [],
      pods: spec.pods,
      services: [],
      endpointSlices: [],
      networkPolicies: spec.policies ?? [],
      adminPolicies: spec.admin ?? [],
      ...(spec.baseline ? { baselinePolicy: spec.baseline } : {}),
    },
    { kind: 'files', title: 'test' },
    {},
    new Map(),
    [],
  );
}
