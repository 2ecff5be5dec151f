// Small `kubectl get -o yaml`-style dumps for the data-plane tests, read through the
// real ingest path (parse → validate → normalize → index), as the CLI reads a dump.

import { loadModel, parseText, snapshotFromObjects } from 'lib/ingest';
import type { ClusterModel } from 'lib/model/types';

export function modelFromYaml(...docs: string[]): ClusterModel {
  const { snapshot } = snapshotFromObjects([parseText(docs.join('\n---\n'), 'dump.yaml')], {
    kind: 'files',
    title: 'dump',
  });
  return loadModel(snapshot);
}

export interface NodeSpec {
  readonly name: string;
  readonly ip: string;
  readonly podCIDR: string;
  readonly annotations?: Record<string, string>;
}

export function nodeYaml(n: NodeSpec): string {
  const ann = Object.entries(n.annotations ?? {})
    .map(([k, v]) => `    ${k}: "${v}"`)
    .join('\n');
  return `apiVersion: v1
kind: Node
metadata:
  name: ${n.name}
${ann ? `  annotations:\n${ann}\n` : ''}spec:
  podCIDR: ${n.podCIDR}
  podCIDRs: [${n.podCIDR}]
status:
  addresses:
  - {type: InternalIP, address: ${n.ip}}
  - {type: Hostname, address: ${n.name}}
  conditions:
  - {type: Ready, status: "True"}`;
}

export interface PodSpec {
  readonly ns: string;
  readonly name: string;
  readonly node: string;
  readonly ip: string;
  readonly hostIP: string;
  readonly labels: Record<string, string>;
  readonly port: number;
  readonly hostNetwork?: boolean;
}

export function podYaml(p: PodSpec): string {
  const labels = Object.entries(p.labels)
    .map(([k, v]) => `    ${k}: ${v}`)
    .join('\n');
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${p.name}
  namespace: ${p.ns}
  labels:
${labels}
spec:
  nodeName: ${p.node}
${p.hostNetwork ? '  hostNetwork: true\n' : ''}  containers:
  - name: main
    image: registry.example/app:1
    ports:
    - {containerPort: ${p.port}, protocol: TCP}
status:
  phase: Running
  hostIP: ${p.hostIP}
  podIP: ${p.ip}
  podIPs: [{ip: ${p.ip}}]
  conditions:
  - {type: Ready, status: "True"}`;
}

export function namespaceYaml(name: string): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels: {kubernetes.io/metadata.name: ${name}}`;
}

export function serviceYaml(
  ns: string,
  name: string,
  clusterIP: string,
  selector: Record<string, string>,
  port: number,
): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  type: ClusterIP
  clusterIP: ${clusterIP}
  clusterIPs: [${clusterIP}]
  selector: {${Object.entries(selector)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ')}}
  ports:
  - {port: ${port}, targetPort: ${port}, protocol: TCP}`;
}

export const KUBE_PROXY_IPTABLES = `apiVersion: v1
kind: ConfigMap
metadata: {name: kube-proxy, namespace: kube-system}
data:
  config.conf: |
    apiVersion: kubeproxy.config.k8s.io/v1alpha1
    kind: KubeProxyConfiguration
    mode: iptables`;

export function calicoPoolYaml(
  opts: {
    vxlanMode?: string;
    ipipMode?: string;
    natOutgoing?: boolean;
    name?: string;
    cidr?: string;
    disabled?: boolean;
  } = {},
): string {
  return `apiVersion: crd.projectcalico.org/v1
kind: IPPool
metadata: {name: ${opts.name ?? 'default-ipv4-ippool'}}
spec:
  cidr: ${opts.cidr ?? '10.244.0.0/16'}
  blockSize: 26
  vxlanMode: ${opts.vxlanMode ?? 'Always'}
  ipipMode: ${opts.ipipMode ?? 'Never'}
  natOutgoing: ${opts.natOutgoing ?? true}
${opts.disabled ? '  disabled: true\n' : ''}  nodeSelector: all()`;
}

export function ciliumConfigYaml(extra: Record<string, string> = {}): string {
  const data = {
    'routing-mode': 'tunnel',
    'tunnel-protocol': 'vxlan',
    'kube-proxy-replacement': 'true',
    ...extra,
  };
  return `apiVersion: v1
kind: ConfigMap
metadata: {name: cilium-config, namespace: kube-system}
data:
${Object.entries(data)
  .map(([k, v]) => `  ${k}: "${v}"`)
  .join('\n')}`;
}

export function flannelConfigYaml(): string {
  return `apiVersion: v1
kind: ConfigMap
metadata: {name: kube-flannel-cfg, namespace: kube-flannel}
data:
  net-conf.json: |
    {"Network": "10.244.0.0/16", "Backend": {"Type": "vxlan"}}`;
}

export const WORKER_1: NodeSpec = { name: 'worker-1', ip: '10.0.0.11', podCIDR: '10.244.1.0/24' };
export const WORKER_2: NodeSpec = { name: 'worker-2', ip: '10.0.0.12', podCIDR: '10.244.2.0/24' };

export const WEB: PodSpec = {
  ns: 'shop',
  name: 'web-0',
  node: 'worker-1',
  ip: '10.244.1.5',
  hostIP: '10.0.0.11',
  labels: { app: 'web' },
  port: 8080,
};
export const API: PodSpec = {
  ns: 'shop',
  name: 'api-0',
  node: 'worker-1',
  ip: '10.244.1.6',
  hostIP: '10.0.0.11',
  labels: { app: 'api' },
  port: 8080,
};
export const DB: PodSpec = {
  ns: 'shop',
  name: 'db-0',
  node: 'worker-2',
  ip: '10.244.2.7',
  hostIP: '10.0.0.12',
  labels: { app: 'db' },
  port: 5432,
};
