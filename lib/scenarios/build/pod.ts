// Pod objects as kubelet reports them: owner, node, IPs, Ready conditions, named ports.

import type { KubeObject } from '../../model/types';
import { condition, obj } from './meta';
import { fnv1a, stamp } from './ids';

export interface PortInput {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
}

export interface ContainerInput {
  readonly name: string;
  readonly image: string;
  readonly ports?: readonly PortInput[];
  readonly args?: readonly string[];
  readonly command?: readonly string[];
  readonly env?: ReadonlyArray<{ name: string; value: string }>;
  readonly securityContext?: Record<string, unknown>;
}

export interface PodTemplateInput {
  readonly labels: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly containers: readonly ContainerInput[];
  readonly hostNetwork?: boolean;
  readonly serviceAccountName?: string;
  readonly priorityClassName?: string;
  readonly dnsPolicy?: string;
  readonly tolerations?: ReadonlyArray<Record<string, unknown>>;
  readonly nodeSelector?: Record<string, string>;
}

export function containerSpec(c: ContainerInput): Record<string, unknown> {
  const spec: Record<string, unknown> = { name: c.name, image: c.image };
  if (c.command) spec.command = [...c.command];
  if (c.args) spec.args = [...c.args];
  if (c.env) spec.env = c.env.map((e) => ({ ...e }));
  spec.imagePullPolicy = 'IfNotPresent';
  if (c.ports && c.ports.length > 0) {
    spec.ports = c.ports.map((p) => ({
      ...(p.name ? { name: p.name } : {}),
      containerPort: p.containerPort,
      protocol: p.protocol ?? 'TCP',
    }));
  }
  spec.resources = {};
  if (c.securityContext) spec.securityContext = c.securityContext;
  spec.terminationMessagePath = '/dev/termination-log';
  spec.terminationMessagePolicy = 'File';
  return spec;
}

/** The pod spec of a template (without nodeName): what a workload's `spec.template.spec` holds. */
export function templateSpec(t: PodTemplateInput): Record<string, unknown> {
  const sa = t.serviceAccountName ?? 'default';
  return {
    containers: t.containers.map(containerSpec),
    dnsPolicy: t.dnsPolicy ?? (t.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst'),
    ...(t.hostNetwork ? { hostNetwork: true } : {}),
    ...(t.nodeSelector ? { nodeSelector: { ...t.nodeSelector } } : {}),
    ...(t.priorityClassName ? { priorityClassName: t.priorityClassName } : {}),
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {},
    serviceAccount: sa,
    serviceAccountName: sa,
    terminationGracePeriodSeconds: 30,
    ...(t.tolerations ? { tolerations: t.tolerations.map((x) => ({ ...x })) } : {}),
  };
}

export interface PodInput {
  readonly name: string;
  readonly generateName?: string;
  readonly namespace: string;
  readonly template: PodTemplateInput;
  readonly extraLabels?: Record<string, string>;
  readonly owner?: KubeObject;
  readonly nodeName: string;
  readonly hostIP: string;
  readonly podIP: string;
  readonly ready: boolean;
  readonly createdAt: number;
  readonly cniAnnotations?: Record<string, string>;
}

function containerId(pod: string, container: string): string {
  let out = '';
  for (let i = 0; i < 8; i++) out += fnv1a(`${pod}/${container}/${i}`).toString(16).padStart(8, '0');
  return `containerd://${out}`;
}

export function buildPod(p: PodInput): KubeObject {
  const t = p.template;
  const started = p.createdAt + 0.5;
  const readyStatus = p.ready ? 'True' : 'False';
  const notReadyReason = p.ready ? undefined : 'ContainersNotReady';
  const notReadyMsg = p.ready
    ? undefined
    : `containers with unready status: [${t.containers[0]?.name ?? ''}]`;
  const tolerations = t.tolerations ?? [
    { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
    {
      effect: 'NoExecute',
      key: 'node.kubernetes.io/unreachable',
      operator: 'Exists',
      tolerationSeconds: 300,
    },
  ];
  const spec = {
    ...templateSpec({ ...t, tolerations }),
    nodeName: p.nodeName,
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
    priority: t.priorityClassName ? 2000001000 : 0,
  };
  return obj(
    'v1',
    'Pod',
    {
      name: p.name,
      namespace: p.namespace,
      generateName: p.generateName,
      labels: { ...t.labels, ...(p.extraLabels ?? {}) },
      annotations: { ...(t.annotations ?? {}), ...(p.cniAnnotations ?? {}) },
      owner: p.owner,
      createdAt: p.createdAt,
    },
    {
      spec,
      status: {
        conditions: [
          condition('PodReadyToStartContainers', 'True', started),
          condition('Initialized', 'True', p.createdAt),
          condition('Ready', readyStatus, started + 0.2, notReadyReason, notReadyMsg),
          condition('ContainersReady', readyStatus, started + 0.2, notReadyReason, notReadyMsg),
          condition('PodScheduled', 'True', p.createdAt),
        ].map((c) => ({ ...c, lastProbeTime: null })),
        containerStatuses: t.containers.map((c) => ({
          containerID: containerId(p.name, c.name),
          image: c.image,
          imageID: `${c.image.split(':')[0] ?? c.image}@sha256:${fnv1a(c.image).toString(16).padStart(8, '0').repeat(8)}`,
          lastState: {},
          name: c.name,
          ready: p.ready,
          restartCount: 0,
          started: true,
          state: { running: { startedAt: stamp(started) } },
        })),
        hostIP: p.hostIP,
        hostIPs: [{ ip: p.hostIP }],
        phase: 'Running',
        podIP: p.podIP,
        podIPs: [{ ip: p.podIP }],
        qosClass: 'BestEffort',
        startTime: stamp(p.createdAt),
      },
    },
  );
}
