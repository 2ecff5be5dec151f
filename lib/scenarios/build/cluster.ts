// ClusterBuilder: the one place that hands out pod IPs, ClusterIPs and node ports, so every
// Pod, Service and EndpointSlice of a scenario agrees with every other.

import type { KubeObject } from '../../model/types';
import { fnv1a, templateHash } from './ids';
import { daemonSetPodName, deploymentPodName, replicaSetName } from './names';
import { intToIp, ipToInt, nthIp, parseCidr } from './ip';
import { obj, uidOf } from './meta';
import { buildNode, type BuiltNode, type CniKind, type NodeInput } from './node';
import { buildPod, templateSpec, type PodTemplateInput } from './pod';
import { selects, type PodRecord } from './records';
import { buildEndpointSlice, buildService, type ResolvedPort, type ServiceInput } from './service';

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

export interface BuiltWorkload {
  readonly workload: KubeObject;
  readonly pods: readonly PodRecord[];
}

const SERVICE_CIDR = '10.96.0.0/12';

export class ClusterBuilder {
  private readonly items: KubeObject[] = [];
  private readonly nodeList: BuiltNode[] = [];
  private readonly podRecords: PodRecord[] = [];
  private readonly podsByNamespace = new Map<string, PodRecord[]>();
  private readonly nextOffset = new Map<string, number>();
  private readonly usedClusterIPs = new Set<string>(['10.96.0.0', '10.96.0.1', '10.96.0.10']);
  private readonly usedNodePorts = new Set<number>();
  private clock = 30;

  /** `calicoBlockPrefix`: size of the Calico IPAM block a node's pods come from (default /26). */
  constructor(readonly cni: CniKind, private readonly options: { readonly calicoBlockPrefix?: number } = {}) {}

  private tick(): number {
    this.clock += 1;
    return this.clock;
  }

  add(...objects: KubeObject[]): this {
    this.items.push(...objects);
    return this;
  }

  namespace(name: string, labels: Record<string, string> = {}, createdAt?: number): this {
    const at = createdAt ?? (['default', 'kube-system', 'kube-public', 'kube-node-lease'].includes(name) ? 0 : this.tick());
    this.items.push(obj('v1', 'Namespace', { name, labels: { 'kubernetes.io/metadata.name': name, ...labels }, createdAt: at }, {
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    }));
    return this;
  }

  node(input: NodeInput): this {
    const built = buildNode(this.cni, input, input.controlPlane ? 0 : 4 + this.nodeList.length, this.options.calicoBlockPrefix);
    this.nodeList.push(built);
    this.items.push(built.object);
    return this;
  }

  get nodes(): readonly BuiltNode[] {
    return this.nodeList;
  }

  nodeByName(name: string): BuiltNode {
    const n = this.nodeList.find((x) => x.input.name === name);
    if (!n) throw new Error(`scenario builder: unknown node ${name}`);
    return n;
  }

  /** Pods recorded so far (for queries that name a pod). */
  pods(namespace?: string, labels?: Record<string, string>): readonly PodRecord[] {
    return this.podRecords.filter((p) => (namespace === undefined || p.namespace === namespace) && (!labels || selects(labels, p.labels)));
  }

  /** The first pod of a workload on a node: `pod:NS/NAME` for queries. */
  podRef(namespace: string, labels: Record<string, string>, node?: string): string {
    const p = this.pods(namespace, labels).find((x) => node === undefined || x.node === node);
    if (!p) throw new Error(`scenario builder: no pod ${JSON.stringify(labels)} in ${namespace}${node ? ` on ${node}` : ''}`);
    return `pod:${p.namespace}/${p.name}`;
  }

  private allocatePodIP(nodeName: string): string {
    const n = this.nodeByName(nodeName);
    const offset = this.nextOffset.get(nodeName) ?? n.firstPodOffset + (fnv1a(nodeName) % 5);
    this.nextOffset.set(nodeName, offset + 1);
    return nthIp(n.podPool, offset);
  }

  private cniPodAnnotations(ip: string, name: string): Record<string, string> {
    if (!this.cni.startsWith('calico')) return {};
    return {
      'cni.projectcalico.org/containerID': (fnv1a(`sandbox:${name}`).toString(16) + fnv1a(`sandbox2:${name}`).toString(16)).padEnd(16, '0').repeat(4),
      'cni.projectcalico.org/podIP': `${ip}/32`,
      'cni.projectcalico.org/podIPs': `${ip}/32`,
    };
  }

  private addPods(w: WorkloadInput, owner: KubeObject, names: readonly string[], extraLabels: (i: number) => Record<string, string>, generateName?: string): PodRecord[] {
    const records: PodRecord[] = [];
    w.nodes.forEach((nodeName, i) => {
      const node = this.nodeByName(nodeName);
      const name = names[i] ?? `${w.name}-${i}`;
      const ip = w.hostNetwork ? node.input.ip : this.allocatePodIP(nodeName);
      const ready = !(w.notReady ?? []).includes(i);
      const pod = buildPod({
        name, generateName, namespace: w.namespace, template: w, extraLabels: extraLabels(i), owner,
        nodeName, hostIP: node.input.ip, podIP: ip, ready, createdAt: (w.createdAt ?? this.clock) + 1 + i * 0.1,
        cniAnnotations: w.hostNetwork ? {} : this.cniPodAnnotations(ip, name),
      });
      const record: PodRecord = {
        name, namespace: w.namespace, uid: pod.metadata.uid ?? uidOf('Pod', name, w.namespace),
        labels: pod.metadata.labels ?? {}, ip, node: nodeName, zone: node.input.zone, ready, hostNetwork: w.hostNetwork ?? false,
        ports: w.containers.flatMap((c) => (c.ports ?? []).map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol ?? 'TCP' }))),
      };
      this.items.push(pod);
      this.podRecords.push(record);
      const inNamespace = this.podsByNamespace.get(record.namespace);
      if (inNamespace) inNamespace.push(record);
      else this.podsByNamespace.set(record.namespace, [record]);
      records.push(record);
    });
    return records;
  }

  private selectorLabels(w: WorkloadInput): Record<string, string> {
    return { ...w.labels };
  }

  deployment(w: WorkloadInput): BuiltWorkload {
    const at = w.createdAt ?? this.tick();
    const rsName = replicaSetName(w.namespace, w.name);
    const hash = rsName.slice(w.name.length + 1);
    const replicas = w.nodes.length;
    const readyCount = replicas - (w.notReady ?? []).length;
    const template = { metadata: { creationTimestamp: null, labels: { ...w.labels }, ...(w.annotations ? { annotations: { ...w.annotations } } : {}) }, spec: templateSpec(w) };
    const deployment = obj('apps/v1', 'Deployment', {
      name: w.name, namespace: w.namespace, labels: w.workloadLabels ?? { ...w.labels }, createdAt: at, generation: 1,
      annotations: { 'deployment.kubernetes.io/revision': '1', ...(w.workloadAnnotations ?? {}) },
    }, {
      spec: {
        progressDeadlineSeconds: 600, replicas, revisionHistoryLimit: 10,
        selector: { matchLabels: this.selectorLabels(w) },
        strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
        template,
      },
      status: {
        availableReplicas: readyCount,
        conditions: [
          { lastTransitionTime: '2024-10-14T08:40:00Z', lastUpdateTime: '2024-10-14T08:40:00Z', message: readyCount === replicas ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.', reason: readyCount === replicas ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable', status: readyCount === replicas ? 'True' : 'False', type: 'Available' },
          { lastTransitionTime: '2024-10-14T08:39:00Z', lastUpdateTime: '2024-10-14T08:40:00Z', message: `ReplicaSet "${w.name}-${hash}" has successfully progressed.`, reason: 'NewReplicaSetAvailable', status: 'True', type: 'Progressing' },
        ],
        observedGeneration: 1, readyReplicas: readyCount, replicas, updatedReplicas: replicas,
      },
    });
    const rs = obj('apps/v1', 'ReplicaSet', {
      name: rsName, namespace: w.namespace, labels: { ...w.labels, 'pod-template-hash': hash }, owner: deployment, createdAt: at, generation: 1,
      annotations: { 'deployment.kubernetes.io/desired-replicas': String(replicas), 'deployment.kubernetes.io/max-replicas': String(replicas + Math.ceil(replicas / 4)), 'deployment.kubernetes.io/revision': '1' },
    }, {
      spec: {
        replicas,
        selector: { matchLabels: { ...this.selectorLabels(w), 'pod-template-hash': hash } },
        template: { ...template, metadata: { ...template.metadata, labels: { ...w.labels, 'pod-template-hash': hash } } },
      },
      status: { availableReplicas: readyCount, fullyLabeledReplicas: replicas, observedGeneration: 1, readyReplicas: readyCount, replicas },
    });
    this.items.push(deployment, rs);
    const names = w.nodes.map((_, i) => deploymentPodName(w.namespace, w.name, i));
    const pods = this.addPods({ ...w, createdAt: at }, rs, names, () => ({ 'pod-template-hash': hash }), `${rsName}-`);
    return { workload: deployment, pods };
  }

  /** A DaemonSet with one pod on each listed node (default: every node). */
  daemonSet(w: Omit<WorkloadInput, 'nodes'> & { readonly nodes?: readonly string[] }): BuiltWorkload {
    const nodes = w.nodes ?? this.nodeList.map((n) => n.input.name);
    const full: WorkloadInput = { ...w, nodes };
    const at = w.createdAt ?? this.tick();
    const revision = templateHash(`ds:${w.namespace}/${w.name}`).slice(0, 9);
    const readyCount = nodes.length - (w.notReady ?? []).length;
    const ds = obj('apps/v1', 'DaemonSet', {
      name: w.name, namespace: w.namespace, labels: w.workloadLabels ?? { ...w.labels }, createdAt: at, generation: 1,
      annotations: { 'deprecated.daemonset.template.generation': '1', ...(w.workloadAnnotations ?? {}) },
    }, {
      spec: {
        revisionHistoryLimit: 10,
        selector: { matchLabels: this.selectorLabels(full) },
        template: { metadata: { creationTimestamp: null, labels: { ...w.labels } }, spec: templateSpec(full) },
        updateStrategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' },
      },
      status: {
        currentNumberScheduled: nodes.length, desiredNumberScheduled: nodes.length, numberAvailable: readyCount,
        numberMisscheduled: 0, numberReady: readyCount, observedGeneration: 1, updatedNumberScheduled: nodes.length,
      },
    });
    this.items.push(ds);
    const names = nodes.map((n) => daemonSetPodName(w.namespace, w.name, n));
    const pods = this.addPods({ ...full, createdAt: at }, ds, names, () => ({ 'controller-revision-hash': revision, 'pod-template-generation': '1' }), `${w.name}-`);
    return { workload: ds, pods };
  }

  statefulSet(w: WorkloadInput & { readonly serviceName: string }): BuiltWorkload {
    const at = w.createdAt ?? this.tick();
    const revision = `${w.name}-${templateHash(`sts:${w.namespace}/${w.name}`)}`;
    const replicas = w.nodes.length;
    const readyCount = replicas - (w.notReady ?? []).length;
    const sts = obj('apps/v1', 'StatefulSet', { name: w.name, namespace: w.namespace, labels: w.workloadLabels ?? { ...w.labels }, createdAt: at, generation: 1 }, {
      spec: {
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        podManagementPolicy: 'OrderedReady', replicas, revisionHistoryLimit: 10,
        selector: { matchLabels: this.selectorLabels(w) },
        serviceName: w.serviceName,
        template: { metadata: { creationTimestamp: null, labels: { ...w.labels } }, spec: templateSpec(w) },
        updateStrategy: { rollingUpdate: { partition: 0 }, type: 'RollingUpdate' },
      },
      status: {
        availableReplicas: readyCount, collisionCount: 0, currentReplicas: replicas, currentRevision: revision,
        observedGeneration: 1, readyReplicas: readyCount, replicas, updateRevision: revision, updatedReplicas: replicas,
      },
    });
    this.items.push(sts);
    const names = w.nodes.map((_, i) => `${w.name}-${i}`);
    const pods = this.addPods({ ...w, createdAt: at }, sts, names, (i) => ({
      'apps.kubernetes.io/pod-index': String(i), 'controller-revision-hash': revision, 'statefulset.kubernetes.io/pod-name': `${w.name}-${i}`,
    }));
    return { workload: sts, pods };
  }

  /**
   * A kubelet static pod (etcd, kube-apiserver...) as the API shows its mirror pod: host
   * network, owned by the Node, named `<component>-<node>`.
   */
  staticPod(nodeName: string, component: string, container: Omit<WorkloadInput['containers'][number], 'name'>): PodRecord {
    const node = this.nodeByName(nodeName);
    const hash = fnv1a(`static:${component}/${nodeName}`).toString(16).padStart(8, '0').repeat(4);
    const w: WorkloadInput = {
      name: component, namespace: 'kube-system', nodes: [nodeName], hostNetwork: true, createdAt: 0,
      labels: { component, tier: 'control-plane' }, priorityClassName: 'system-node-critical',
      annotations: {
        ...(component === 'kube-apiserver' ? { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${node.input.ip}:6443` } : {}),
        ...(component === 'etcd' ? { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${node.input.ip}:2379` } : {}),
        'kubernetes.io/config.hash': hash,
        'kubernetes.io/config.mirror': hash,
        'kubernetes.io/config.seen': '2024-10-14T08:11:32.000000000Z',
        'kubernetes.io/config.source': 'file',
      },
      tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
      containers: [{ ...container, name: component }],
    };
    const [record] = this.addPods(w, node.object, [`${component}-${nodeName}`], () => ({}));
    if (!record) throw new Error(`scenario builder: static pod ${component} not created`);
    return record;
  }

  private allocateClusterIP(key: string): string {
    const c = parseCidr(SERVICE_CIDR);
    let n = fnv1a(`svc:${key}`) % c.size;
    for (;;) {
      const ip = intToIp(c.base + n);
      const last = ipToInt(ip) & 255;
      if (!this.usedClusterIPs.has(ip) && last !== 0 && last !== 255) {
        this.usedClusterIPs.add(ip);
        return ip;
      }
      n = (n + 7919) % c.size;
    }
  }

  private allocateNodePort(key: string): number {
    let n = 30000 + (fnv1a(`np:${key}`) % 2768);
    while (this.usedNodePorts.has(n)) n = n >= 32767 ? 30000 : n + 1;
    this.usedNodePorts.add(n);
    return n;
  }

  /** A Service plus, when it has a selector, the EndpointSlice for the pods it selects. */
  service(s: ServiceInput): { service: KubeObject; slice?: KubeObject; clusterIP: string; ports: readonly ResolvedPort[] } {
    const key = `${s.namespace}/${s.name}`;
    const clusterIP = s.headless ? 'None' : (s.clusterIP ?? this.allocateClusterIP(key));
    if (s.clusterIP) this.usedClusterIPs.add(s.clusterIP);
    const external = s.type === 'NodePort' || s.type === 'LoadBalancer';
    const ports: ResolvedPort[] = s.ports.map((p) => {
      const nodePort = external ? (p.nodePort ?? this.allocateNodePort(`${key}/${p.name ?? p.port}`)) : undefined;
      if (p.nodePort !== undefined) this.usedNodePorts.add(p.nodePort);
      return { ...p, protocol: p.protocol ?? 'TCP', ...(nodePort !== undefined ? { nodePort } : {}) };
    });
    const hc = s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local' ? this.allocateNodePort(`${key}/healthz`) : undefined;
    const input = { ...s, createdAt: s.createdAt ?? this.tick() };
    const service = buildService(input, clusterIP, ports, hc);
    this.items.push(service);
    if (!s.selector) return { service, clusterIP, ports };
    const selector = s.selector;
    const pods = (this.podsByNamespace.get(s.namespace) ?? []).filter((p) => selects(selector, p.labels));
    const slice = buildEndpointSlice(service, input, ports, pods);
    this.items.push(slice);
    return { service, slice, clusterIP, ports };
  }

  /** The `default/kubernetes` Service and its EndpointSlice (API server on the control plane). */
  kubernetesService(): this {
    const cp = this.nodeList.find((n) => n.input.controlPlane) ?? this.nodeList[0];
    if (!cp) throw new Error('scenario builder: add nodes before the kubernetes Service');
    const svc = obj('v1', 'Service', { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' }, createdAt: 0 }, {
      spec: { clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], sessionAffinity: 'None', type: 'ClusterIP' },
      status: { loadBalancer: {} },
    });
    const slice = obj('discovery.k8s.io/v1', 'EndpointSlice', { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' }, createdAt: 0, generation: 1 }, {
      addressType: 'IPv4',
      endpoints: [{ addresses: [cp.input.ip], conditions: { ready: true } }],
      ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
    });
    this.items.push(svc, slice);
    return this;
  }

  /** All objects, in the order they were added. */
  build(): KubeObject[] {
    return [...this.items];
  }
}
