// Hand-built ClusterModels for tracer, lint and formatter unit tests: normalized
// entities with defaults, indexed by the real `indexModel`, plus raw platform objects.

import { indexModel } from '../../../model/index-model';
import type {
  ClusterModel,
  ClusterSettings,
  ContainerPort,
  EndpointSlice,
  KubeObject,
  NetworkPolicy,
  NodeInfo,
  Pod,
  Service,
  ServicePort,
} from '../../../model/types';

export function node(name: string, ip: string, extra: Partial<NodeInfo> = {}): NodeInfo {
  return {
    name,
    labels: {},
    annotations: {},
    internalIPs: [ip],
    externalIPs: [],
    podCIDRs: [],
    ready: true,
    origin: {},
    ...extra,
  };
}

export function pod(
  key: string,
  nodeName: string,
  ip: string,
  labels: Record<string, string> = {},
  ports: Array<Omit<ContainerPort, 'container'>> = [],
  extra: Partial<Pod> = {},
): Pod {
  const [namespace, name] = key.split('/') as [string, string];
  return {
    key,
    namespace,
    name,
    labels,
    annotations: {},
    nodeName,
    ips: [ip],
    hostNetwork: false,
    ready: true,
    ports: ports.map((p) => ({ container: 'main', ...p })),
    workload: { namespace, kind: 'Pod', name },
    synthesized: false,
    origin: {},
    ...extra,
  };
}

export function service(key: string, ports: ServicePort[], extra: Partial<Service> = {}): Service {
  const [namespace, name] = key.split('/') as [string, string];
  return {
    key,
    namespace,
    name,
    labels: {},
    annotations: {},
    type: 'ClusterIP',
    clusterIPs: ['10.96.0.10'],
    headless: false,
    selector: { app: name },
    ports,
    externalTrafficPolicy: 'Cluster',
    internalTrafficPolicy: 'Cluster',
    loadBalancerIngress: [],
    externalIPs: [],
    origin: {},
    ...extra,
  };
}

export function tcp(
  port: number,
  targetPort: number | string = port,
  extra: Partial<ServicePort> = {},
): ServicePort {
  return { protocol: 'TCP', port, targetPort, ...extra };
}

export function raw(
  apiVersion: string,
  kind: string,
  name: string,
  namespace: string | undefined,
  body: Record<string, unknown>,
): KubeObject {
  return {
    apiVersion,
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}), ...(body['metadata'] as object) },
    ...body,
  } as KubeObject;
}

export function configMap(name: string, namespace: string, data: Record<string, string>): KubeObject {
  return raw('v1', 'ConfigMap', name, namespace, { data });
}

export function calicoPool(
  mode: { vxlanMode?: string; ipipMode?: string; natOutgoing?: boolean } = { vxlanMode: 'Always' },
): KubeObject {
  return raw('crd.projectcalico.org/v1', 'IPPool', 'default-ipv4-ippool', undefined, {
    spec: { cidr: '10.244.0.0/16', ...mode },
  });
}

export function calicoInstallation(mtu: number): KubeObject {
  return raw('operator.tigera.io/v1', 'Installation', 'default', undefined, {
    spec: { calicoNetwork: { mtu, ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'VXLAN' }] } },
  });
}

export function kubeProxy(config: string): KubeObject {
  return configMap('kube-proxy', 'kube-system', { 'config.conf': config });
}

export interface ModelSpec {
  readonly nodes?: NodeInfo[];
  readonly pods?: Pod[];
  readonly services?: Service[];
  readonly slices?: EndpointSlice[];
  readonly policies?: NetworkPolicy[];
  readonly objects?: KubeObject[];
  readonly settings?: ClusterSettings;
}

export function buildModel(spec: ModelSpec): ClusterModel {
  const pods = spec.pods ?? [];
  const nsNames = new Set([
    'default',
    'kube-system',
    ...pods.map((p) => p.namespace),
    ...(spec.services ?? []).map((s) => s.namespace),
  ]);
  const namespaces = [...nsNames].map((name) => ({
    name,
    labels: { 'kubernetes.io/metadata.name': name },
    declared: true,
  }));
  const byKind = new Map<string, KubeObject[]>();
  for (const o of spec.objects ?? []) byKind.set(o.kind, [...(byKind.get(o.kind) ?? []), o]);
  return indexModel(
    {
      namespaces,
      nodes: spec.nodes ?? [],
      pods,
      services: spec.services ?? [],
      endpointSlices: spec.slices ?? [],
      networkPolicies: spec.policies ?? [],
      adminPolicies: [],
    },
    { kind: 'files', title: 'unit test' },
    spec.settings ?? { underlayMTU: 1500 },
    byKind,
    [],
  );
}

/** Two workers, a Calico VXLAN pool and a web → db pair on different nodes. */
export function twoNodeCluster(extra: Partial<ModelSpec> = {}, mtu = 1450): ModelSpec {
  return {
    nodes: [node('worker-1', '10.0.0.11'), node('worker-2', '10.0.0.12')],
    pods: [
      pod('shop/web', 'worker-1', '10.244.1.5', { app: 'web' }, [
        { containerPort: 8080, protocol: 'TCP', name: 'http' },
      ]),
      pod('shop/api', 'worker-1', '10.244.1.6', { app: 'api' }, [
        { containerPort: 8080, protocol: 'TCP', name: 'http' },
      ]),
      pod('shop/db', 'worker-2', '10.244.2.7', { app: 'db' }, [
        { containerPort: 5432, protocol: 'TCP', name: 'postgres' },
      ]),
    ],
    services: [service('shop/db', [tcp(5432, 'postgres')], { clusterIPs: ['10.96.0.20'] })],
    objects: [calicoPool(), calicoInstallation(mtu), kubeProxy('mode: iptables\n')],
    ...extra,
  };
}
