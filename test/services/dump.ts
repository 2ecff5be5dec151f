// Small realistic cluster dumps for the Service tests: three workers in two zones, a
// Calico VXLAN pool, kube-proxy (mode per test), and YAML the test adds. Loaded through
// the real ingest (parse → validate → normalize → index), as a user's dump would be.

import { traceRoute } from 'lib/engine/trace';
import type { TraceQuery, TraceResult } from 'lib/engine/types';
import { loadModel, parseText, snapshotFromObjects } from 'lib/ingest';
import type { ClusterModel } from 'lib/model/types';

function nodeYaml(name: string, ip: string, zone: string, podCIDR: string): string {
  return `---
apiVersion: v1
kind: Node
metadata:
  name: ${name}
  labels: {kubernetes.io/hostname: ${name}, topology.kubernetes.io/zone: ${zone}}
spec: {podCIDR: ${podCIDR}}
status:
  addresses: [{type: InternalIP, address: ${ip}}, {type: Hostname, address: ${name}}]
  conditions: [{type: Ready, status: "True"}]
  nodeInfo: {kernelVersion: 6.1.0-18-amd64, kubeletVersion: v1.31.4}
`;
}

export const BASE = [
  nodeYaml('worker-1', '10.0.0.11', 'eu-west-1a', '10.244.1.0/24'),
  nodeYaml('worker-2', '10.0.0.12', 'eu-west-1a', '10.244.2.0/24'),
  nodeYaml('worker-3', '10.0.0.13', 'eu-west-1b', '10.244.3.0/24'),
  `---
apiVersion: crd.projectcalico.org/v1
kind: IPPool
metadata: {name: default-ipv4-ippool}
spec: {cidr: 10.244.0.0/16, vxlanMode: Always, natOutgoing: true}
`,
].join('');

export function kubeProxyYaml(mode: string): string {
  return `---
apiVersion: v1
kind: ConfigMap
metadata: {name: kube-proxy, namespace: kube-system}
data:
  config.conf: |
    apiVersion: kubeproxy.config.k8s.io/v1alpha1
    kind: KubeProxyConfiguration
    mode: "${mode}"
    clusterCIDR: 10.244.0.0/16
`;
}

/** A running, ready pod. */
export function podYaml(
  ns: string,
  name: string,
  node: string,
  ip: string,
  labels: Record<string, string>,
  ports: ReadonlyArray<{ name?: string; containerPort: number; protocol?: string }> = [],
  extra = '',
): string {
  const l = Object.entries(labels)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  const p = ports
    .map(
      (x) =>
        `{${x.name ? `name: ${x.name}, ` : ''}containerPort: ${x.containerPort}${x.protocol ? `, protocol: ${x.protocol}` : ''}}`,
    )
    .join(', ');
  return `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${ns}, labels: {${l}}}
spec:
  nodeName: ${node}${extra}
  containers: [{name: main, image: registry.example.com/${name.replace(/-[a-z0-9]{5}$/, '')}:1.0, ports: [${p}]}]
status:
  phase: Running
  podIP: ${ip}
  podIPs: [{ip: ${ip}}]
  conditions: [{type: Ready, status: "True"}]
`;
}

export function load(...docs: string[]): ClusterModel {
  const { snapshot } = snapshotFromObjects([parseText(docs.join(''), 'dump.yaml')], {
    kind: 'files',
    title: 'services test dump',
  });
  return loadModel(snapshot);
}

export function trace(model: ClusterModel, q: TraceQuery): TraceResult {
  return traceRoute(model, q);
}

export const kinds = (r: TraceResult) => r.hops.map((h) => h.kind);
export const codes = (r: TraceResult) => [...new Set(r.findings.map((f) => f.code))].sort();
export const hop = (r: TraceResult, kind: string) => r.hops.find((h) => h.kind === kind);
