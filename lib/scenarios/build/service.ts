// Service and EndpointSlice objects, with the slice computed from the pods the Service
// selects, exactly as the EndpointSlice controller would write it.

import type { KubeObject } from '../../model/types';
import { obj } from './meta';
import { endpointSliceName } from './names';
import type { PodRecord } from './records';

export interface ServicePortInput {
  readonly name?: string;
  readonly port: number;
  readonly targetPort?: number | string;
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
  readonly nodePort?: number;
  readonly appProtocol?: string;
}

export interface ServiceInput {
  readonly name: string;
  readonly namespace: string;
  readonly type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  /** Absent = a Service without selector (no EndpointSlice is generated). */
  readonly selector?: Record<string, string>;
  readonly ports: readonly ServicePortInput[];
  readonly clusterIP?: string;
  readonly headless?: boolean;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  readonly internalTrafficPolicy?: 'Cluster' | 'Local';
  /** status.loadBalancer.ingress IPs (empty = `<pending>`). */
  readonly loadBalancerIngress?: readonly string[];
  readonly loadBalancerClass?: string;
  readonly createdAt?: number;
}

export interface ResolvedPort extends ServicePortInput {
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
  readonly nodePort?: number;
}

export function buildService(
  s: ServiceInput,
  clusterIP: string,
  ports: readonly ResolvedPort[],
  healthCheckNodePort: number | undefined,
): KubeObject {
  const type = s.type ?? 'ClusterIP';
  const external = type === 'NodePort' || type === 'LoadBalancer';
  const spec: Record<string, unknown> = {
    ...(type === 'LoadBalancer' ? { allocateLoadBalancerNodePorts: true } : {}),
    clusterIP,
    clusterIPs: [clusterIP],
    ...(external ? { externalTrafficPolicy: s.externalTrafficPolicy ?? 'Cluster' } : {}),
    ...(healthCheckNodePort !== undefined ? { healthCheckNodePort } : {}),
    internalTrafficPolicy: s.internalTrafficPolicy ?? 'Cluster',
    ipFamilies: ['IPv4'],
    ipFamilyPolicy: 'SingleStack',
    ...(s.loadBalancerClass ? { loadBalancerClass: s.loadBalancerClass } : {}),
    ports: ports.map((p) => ({
      ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
      ...(p.name ? { name: p.name } : {}),
      ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}),
      port: p.port,
      protocol: p.protocol,
      targetPort: p.targetPort ?? p.port,
    })),
    ...(s.selector ? { selector: { ...s.selector } } : {}),
    sessionAffinity: 'None',
    type,
  };
  const lb = s.loadBalancerIngress ?? [];
  const status =
    type === 'LoadBalancer' && lb.length > 0
      ? { loadBalancer: { ingress: lb.map((ip) => ({ ip, ipMode: 'VIP' })) } }
      : { loadBalancer: {} };
  return obj(
    'v1',
    'Service',
    {
      name: s.name,
      namespace: s.namespace,
      labels: s.labels,
      annotations: s.annotations,
      createdAt: s.createdAt,
    },
    { spec, status },
  );
}

function resolveTargetPort(p: ResolvedPort, pod: PodRecord): number | undefined {
  const t = p.targetPort ?? p.port;
  if (typeof t === 'number') return t;
  return pod.ports.find((cp) => cp.name === t && cp.protocol === p.protocol)?.containerPort;
}

/** The EndpointSlice the controller writes for `service` given the pods it selects. */
export function buildEndpointSlice(
  service: KubeObject,
  s: ServiceInput,
  ports: readonly ResolvedPort[],
  pods: readonly PodRecord[],
): KubeObject {
  const first = pods[0];
  // Like the EndpointSlice controller: a named targetPort the pod does not declare is
  // left out of the slice (FindPort fails), so kube-proxy has no endpoint for that port.
  const slicePorts = ports.flatMap((p) => {
    const port = first ? resolveTargetPort(p, first) : undefined;
    if (first && port === undefined) return [];
    return [{ name: p.name ?? '', ...(port !== undefined ? { port } : {}), protocol: p.protocol }];
  });
  const name = endpointSliceName(s.namespace, s.name);
  return obj(
    'discovery.k8s.io/v1',
    'EndpointSlice',
    {
      name,
      generateName: `${s.name}-`,
      namespace: s.namespace,
      labels: {
        'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
        'kubernetes.io/service-name': s.name,
        ...(s.headless ? { 'service.kubernetes.io/headless': '' } : {}),
      },
      annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': '2024-10-21T09:02:17Z' },
      owner: service,
      createdAt: s.createdAt,
      generation: 1,
    },
    {
      addressType: 'IPv4',
      endpoints: pods.map((pod) => ({
        addresses: [pod.ip],
        conditions: { ready: pod.ready, serving: pod.ready, terminating: false },
        nodeName: pod.node,
        targetRef: { kind: 'Pod', name: pod.name, namespace: pod.namespace, uid: pod.uid },
        zone: pod.zone,
      })),
      ports: slicePorts,
    },
  );
}
