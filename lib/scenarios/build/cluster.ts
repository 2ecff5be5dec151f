// ClusterBuilder: the one place that hands out pod IPs, ClusterIPs and node ports, so every
// Pod, Service and EndpointSlice of a scenario agrees with every other.

import type { KubeObject } from '../../model/types';
import { fnv1a } from './ids';
import { daemonSetPodName, deploymentPodName } from './names';
import { intToIp, ipToInt, nthIp, parseCidr } from './ip';
import { obj, uidOf } from './meta';
import {
  daemonSetObject,
  deploymentObjects,
  kubernetesServiceObjects,
  statefulSetObject,
  type WorkloadInput,
} from './workload';

export type { WorkloadInput } from './workload';
import { buildNode, type BuiltNode, type CniKind, type NodeInput } from './node';
import { buildPod } from './pod';
import { selects, type PodRecord } from './records';
import { buildEndpointSlice, buildService, type ResolvedPort, type ServiceInput } from './service';

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
  constructor(
    readonly cni: CniKind,
    private readonly options: { readonly calicoBlockPrefix?: number } = {},
  ) {}

  private tick(): number {
    this.clock += 1;
    return this.clock;
  }

  add(...objects: KubeObject[]): this {
    this.items.push(...objects);
    return this;
  }

  namespace(name: string, labels: Record<string, string> = {}, createdAt?: number): this {
    const at =
      createdAt ??
      (['default', 'kube-system', 'kube-public', 'kube-node-lease'].includes(name) ? 0 : this.tick());
    this.items.push(
      obj(
        'v1',
        'Namespace',
        { name, labels: { 'kubernetes.io/metadata.name': name, ...labels }, createdAt: at },
        {
          spec: { finalizers: ['kubernetes'] },
          status: { phase: 'Active' },
        },
      ),
    );
    return this;
  }

  node(input: NodeInput): this {
    const built = buildNode(
      this.cni,
      input,
      input.controlPlane ? 0 : 4 + this.nodeList.length,
      this.options.calicoBlockPrefix,
    );
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
    return this.podRecords.filter(
      (p) => (namespace === undefined || p.namespace === namespace) && (!labels || selects(labels, p.labels)),
    );
  }

  /** The first pod of a workload on a node: `pod:NS/NAME` for queries. */
  podRef(namespace: string, labels: Record<string, string>, node?: string): string {
    const p = this.pods(namespace, labels).find((x) => node === undefined || x.node === node);
    if (!p)
      throw new Error(
        `scenario builder: no pod ${JSON.stringify(labels)} in ${namespace}${node ? ` on ${node}` : ''}`,
      );
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
      'cni.projectcalico.org/containerID': (
        fnv1a(`sandbox:${name}`).toString(16) + fnv1a(`sandbox2:${name}`).toString(16)
      )
        .padEnd(16, '0')
        .repeat(4),
      'cni.projectcalico.org/podIP': `${ip}/32`,
      'cni.projectcalico.org/podIPs': `${ip}/32`,
    };
  }

  private addPods(
    w: WorkloadInput,
    owner: KubeObject,
    names: readonly string[],
    extraLabels: (i: number) => Record<string, string>,
    generateName?: string,
  ): PodRecord[] {
    const records: PodRecord[] = [];
    w.nodes.forEach((nodeName, i) => {
      const node = this.nodeByName(nodeName);
      const name = names[i] ?? `${w.name}-${i}`;
      const ip = w.hostNetwork ? node.input.ip : this.allocatePodIP(nodeName);
      const ready = !(w.notReady ?? []).includes(i);
      const pod = buildPod({
        name,
        generateName,
        namespace: w.namespace,
        template: w,
        extraLabels: extraLabels(i),
        owner,
        nodeName,
        hostIP: node.input.ip,
        podIP: ip,
        ready,
        createdAt: (w.createdAt ?? this.clock) + 1 + i * 0.1,
        cniAnnotations: w.hostNetwork ? {} : this.cniPodAnnotations(ip, name),
      });
      const record: PodRecord = {
        name,
        namespace: w.namespace,
        uid: pod.metadata.uid ?? uidOf('Pod', name, w.namespace),
        labels: pod.metadata.labels ?? {},
        ip,
        node: nodeName,
        zone: node.input.zone,
        ready,
        hostNetwork: w.hostNetwork ?? false,
        ports: w.containers.flatMap((c) =>
          (c.ports ?? []).map((p) => ({
            name: p.name,
            containerPort: p.containerPort,
            protocol: p.protocol ?? 'TCP',
          })),
        ),
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

  deployment(w: WorkloadInput): BuiltWorkload {
    const at = w.createdAt ?? this.tick();
    const { deployment, replicaSet, rsName, hash } = deploymentObjects(w, at);
    this.items.push(deployment, replicaSet);
    const names = w.nodes.map((_, i) => deploymentPodName(w.namespace, w.name, i));
    const pods = this.addPods(
      { ...w, createdAt: at },
      replicaSet,
      names,
      () => ({ 'pod-template-hash': hash }),
      `${rsName}-`,
    );
    return { workload: deployment, pods };
  }

  /** A DaemonSet with one pod on each listed node (default: every node). */
  daemonSet(w: Omit<WorkloadInput, 'nodes'> & { readonly nodes?: readonly string[] }): BuiltWorkload {
    const nodes = w.nodes ?? this.nodeList.map((n) => n.input.name);
    const full: WorkloadInput = { ...w, nodes };
    const at = w.createdAt ?? this.tick();
    const { daemonSet, revision } = daemonSetObject(full, at);
    this.items.push(daemonSet);
    const names = nodes.map((n) => daemonSetPodName(w.namespace, w.name, n));
    const pods = this.addPods(
      { ...full, createdAt: at },
      daemonSet,
      names,
      () => ({ 'controller-revision-hash': revision, 'pod-template-generation': '1' }),
      `${w.name}-`,
    );
    return { workload: daemonSet, pods };
  }

  statefulSet(w: WorkloadInput & { readonly serviceName: string }): BuiltWorkload {
    const at = w.createdAt ?? this.tick();
    const { statefulSet, revision } = statefulSetObject(w, at);
    this.items.push(statefulSet);
    const names = w.nodes.map((_, i) => `${w.name}-${i}`);
    const pods = this.addPods({ ...w, createdAt: at }, statefulSet, names, (i) => ({
      'apps.kubernetes.io/pod-index': String(i),
      'controller-revision-hash': revision,
      'statefulset.kubernetes.io/pod-name': `${w.name}-${i}`,
    }));
    return { workload: statefulSet, pods };
  }

  /**
   * A kubelet static pod (etcd, kube-apiserver...) as the API shows its mirror pod: host
   * network, owned by the Node, named `<component>-<node>`.
   */
  staticPod(
    nodeName: string,
    component: string,
    container: Omit<WorkloadInput['containers'][number], 'name'>,
  ): PodRecord {
    const node = this.nodeByName(nodeName);
    const hash = fnv1a(`static:${component}/${nodeName}`).toString(16).padStart(8, '0').repeat(4);
    const w: WorkloadInput = {
      name: component,
      namespace: 'kube-system',
      nodes: [nodeName],
      hostNetwork: true,
      createdAt: 0,
      labels: { component, tier: 'control-plane' },
      priorityClassName: 'system-node-critical',
      annotations: {
        ...(component === 'kube-apiserver'
          ? { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${node.input.ip}:6443` }
          : {}),
        ...(component === 'etcd'
          ? { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${node.input.ip}:2379` }
          : {}),
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
  service(s: ServiceInput): {
    service: KubeObject;
    slice?: KubeObject;
    clusterIP: string;
    ports: readonly ResolvedPort[];
  } {
    const key = `${s.namespace}/${s.name}`;
    const clusterIP = s.headless ? 'None' : (s.clusterIP ?? this.allocateClusterIP(key));
    if (s.clusterIP) this.usedClusterIPs.add(s.clusterIP);
    const external = s.type === 'NodePort' || s.type === 'LoadBalancer';
    const ports: ResolvedPort[] = s.ports.map((p) => {
      const nodePort = external
        ? (p.nodePort ?? this.allocateNodePort(`${key}/${p.name ?? p.port}`))
        : undefined;
      if (p.nodePort !== undefined) this.usedNodePorts.add(p.nodePort);
      return { ...p, protocol: p.protocol ?? 'TCP', ...(nodePort !== undefined ? { nodePort } : {}) };
    });
    const hc =
      s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local'
        ? this.allocateNodePort(`${key}/healthz`)
        : undefined;
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
    this.items.push(...kubernetesServiceObjects(cp.input.ip));
    return this;
  }

  /** All objects, in the order they were added. */
  build(): KubeObject[] {
    return [...this.items];
  }
}
