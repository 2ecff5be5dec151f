// Workload objects as their controllers leave them (Deployment + ReplicaSet, DaemonSet,
// StatefulSet) and the API server's own `default/kubernetes` Service. Pure functions; the
// ClusterBuilder adds the pods.

import type { KubeObject } from '../../model/types';
import { templateHash } from './ids';
import { obj } from './meta';
import { replicaSetName } from './names';
import { templateSpec, type PodTemplateInput } from './pod';

export interface WorkloadInput extends PodTemplateInput {
  readonly name: string;
  readonly namespace: string;
  /** One pod per entry, on that node (a Deployment's replicas = nodes.length). */
  readonly nodes: readonly string[];
  /** Indexes (into `nodes`) of pods that are not Ready. */
  readonly notReady?: readonly number[];
  readonly workloadLabels?: Record<string, string>;
  readonly workloadAnnotations?: Record<string, string>;
  readonly createdAt?: number;
}

export function deploymentObjects(
  w: WorkloadInput,
  at: number,
): { deployment: KubeObject; replicaSet: KubeObject; rsName: string; hash: string } {
  const rsName = replicaSetName(w.namespace, w.name);
  const hash = rsName.slice(w.name.length + 1);
  const replicas = w.nodes.length;
  const readyCount = replicas - (w.notReady ?? []).length;
  const template = {
    metadata: {
      creationTimestamp: null,
      labels: { ...w.labels },
      ...(w.annotations ? { annotations: { ...w.annotations } } : {}),
    },
    spec: templateSpec(w),
  };
  const deployment = obj(
    'apps/v1',
    'Deployment',
    {
      name: w.name,
      namespace: w.namespace,
      labels: w.workloadLabels ?? { ...w.labels },
      createdAt: at,
      generation: 1,
      annotations: { 'deployment.kubernetes.io/revision': '1', ...(w.workloadAnnotations ?? {}) },
    },
    {
      spec: {
        progressDeadlineSeconds: 600,
        replicas,
        revisionHistoryLimit: 10,
        selector: { matchLabels: { ...w.labels } },
        strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
        template,
      },
      status: {
        availableReplicas: readyCount,
        conditions: [
          {
            lastTransitionTime: '2024-10-14T08:40:00Z',
            lastUpdateTime: '2024-10-14T08:40:00Z',
            message:
              readyCount === replicas
                ? 'Deployment has minimum availability.'
                : 'Deployment does not have minimum availability.',
            reason: readyCount === replicas ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
            status: readyCount === replicas ? 'True' : 'False',
            type: 'Available',
          },
          {
            lastTransitionTime: '2024-10-14T08:39:00Z',
            lastUpdateTime: '2024-10-14T08:40:00Z',
            message: `ReplicaSet "${w.name}-${hash}" has successfully progressed.`,
            reason: 'NewReplicaSetAvailable',
            status: 'True',
            type: 'Progressing',
          },
        ],
        observedGeneration: 1,
        readyReplicas: readyCount,
        replicas,
        updatedReplicas: replicas,
      },
    },
  );
  const replicaSet = obj(
    'apps/v1',
    'ReplicaSet',
    {
      name: rsName,
      namespace: w.namespace,
      labels: { ...w.labels, 'pod-template-hash': hash },
      owner: deployment,
      createdAt: at,
      generation: 1,
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(replicas),
        'deployment.kubernetes.io/max-replicas': String(replicas + Math.ceil(replicas / 4)),
        'deployment.kubernetes.io/revision': '1',
      },
    },
    {
      spec: {
        replicas,
        selector: { matchLabels: { ...{ ...w.labels }, 'pod-template-hash': hash } },
        template: {
          ...template,
          metadata: { ...template.metadata, labels: { ...w.labels, 'pod-template-hash': hash } },
        },
      },
      status: {
        availableReplicas: readyCount,
        fullyLabeledReplicas: replicas,
        observedGeneration: 1,
        readyReplicas: readyCount,
        replicas,
      },
    },
  );
  return { deployment, replicaSet, rsName, hash };
}

export function daemonSetObject(w: WorkloadInput, at: number): { daemonSet: KubeObject; revision: string } {
  const revision = templateHash(`ds:${w.namespace}/${w.name}`).slice(0, 9);
  const readyCount = w.nodes.length - (w.notReady ?? []).length;
  const daemonSet = obj(
    'apps/v1',
    'DaemonSet',
    {
      name: w.name,
      namespace: w.namespace,
      labels: w.workloadLabels ?? { ...w.labels },
      createdAt: at,
      generation: 1,
      annotations: { 'deprecated.daemonset.template.generation': '1', ...(w.workloadAnnotations ?? {}) },
    },
    {
      spec: {
        revisionHistoryLimit: 10,
        selector: { matchLabels: { ...w.labels } },
        template: { metadata: { creationTimestamp: null, labels: { ...w.labels } }, spec: templateSpec(w) },
        updateStrategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' },
      },
      status: {
        currentNumberScheduled: w.nodes.length,
        desiredNumberScheduled: w.nodes.length,
        numberAvailable: readyCount,
        numberMisscheduled: 0,
        numberReady: readyCount,
        observedGeneration: 1,
        updatedNumberScheduled: w.nodes.length,
      },
    },
  );
  return { daemonSet, revision };
}

export function statefulSetObject(
  w: WorkloadInput & { readonly serviceName: string },
  at: number,
): { statefulSet: KubeObject; revision: string } {
  const revision = `${w.name}-${templateHash(`sts:${w.namespace}/${w.name}`)}`;
  const replicas = w.nodes.length;
  const readyCount = replicas - (w.notReady ?? []).length;
  const statefulSet = obj(
    'apps/v1',
    'StatefulSet',
    {
      name: w.name,
      namespace: w.namespace,
      labels: w.workloadLabels ?? { ...w.labels },
      createdAt: at,
      generation: 1,
    },
    {
      spec: {
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        podManagementPolicy: 'OrderedReady',
        replicas,
        revisionHistoryLimit: 10,
        selector: { matchLabels: { ...w.labels } },
        serviceName: w.serviceName,
        template: { metadata: { creationTimestamp: null, labels: { ...w.labels } }, spec: templateSpec(w) },
        updateStrategy: { rollingUpdate: { partition: 0 }, type: 'RollingUpdate' },
      },
      status: {
        availableReplicas: readyCount,
        collisionCount: 0,
        currentReplicas: replicas,
        currentRevision: revision,
        observedGeneration: 1,
        readyReplicas: readyCount,
        replicas,
        updateRevision: revision,
        updatedReplicas: replicas,
      },
    },
  );
  return { statefulSet, revision };
}

/** `default/kubernetes` and its EndpointSlice: the API server on the control-plane address. */
export function kubernetesServiceObjects(apiServerIP: string): KubeObject[] {
  const svc = obj(
    'v1',
    'Service',
    {
      name: 'kubernetes',
      namespace: 'default',
      labels: { component: 'apiserver', provider: 'kubernetes' },
      createdAt: 0,
    },
    {
      spec: {
        clusterIP: '10.96.0.1',
        clusterIPs: ['10.96.0.1'],
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
        sessionAffinity: 'None',
        type: 'ClusterIP',
      },
      status: { loadBalancer: {} },
    },
  );
  const slice = obj(
    'discovery.k8s.io/v1',
    'EndpointSlice',
    {
      name: 'kubernetes',
      namespace: 'default',
      labels: { 'kubernetes.io/service-name': 'kubernetes' },
      createdAt: 0,
      generation: 1,
    },
    {
      addressType: 'IPv4',
      endpoints: [{ addresses: [apiServerIP], conditions: { ready: true } }],
      ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
    },
  );
  return [svc, slice];
}
