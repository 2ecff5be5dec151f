// Small cluster dumps for the overlay and MTU tests: nodes and pods as `kubectl get -o yaml`
// prints them, plus the CNI's own objects, read through ingest like a user's files.

import { traceRoute } from 'lib/engine/trace';
import type { Hop, HopKind, TraceQuery, TraceResult } from 'lib/engine/types';
import { loadModel, parseText, snapshotFromObjects } from 'lib/ingest';
import type { ClusterModel, ClusterSettings } from 'lib/model/types';

export interface DumpNode {
  readonly name: string;
  readonly ip: string;
  readonly podCIDR: string;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly kernel?: string;
}

export function nodeYaml(n: DumpNode): string {
  const ann = Object.entries(n.annotations ?? {})
    .map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`)
    .join('\n');
  return `---
apiVersion: v1
kind: Node
metadata:
  name: ${n.name}
  labels: {kubernetes.io/hostname: ${n.name}, kubernetes.io/os: linux}
${ann ? `  annotations:\n${ann}\n` : ''}spec:
  podCIDR: ${n.podCIDR}
  podCIDRs: [${n.podCIDR}]
status:
  addresses: [{type: InternalIP, address: ${n.ip}}, {type: Hostname, address: ${n.name}}]
  conditions: [{type: Ready, status: "True"}]
  nodeInfo: {kernelVersion: ${n.kernel ?? '6.1.0-18-amd64'}, osImage: Debian GNU/Linux 12 (bookworm), kubeletVersion: v1.30.4, containerRuntimeVersion: containerd://1.7.20}
`;
}

export function podYaml(
  ns: string,
  name: string,
  node: string,
  ip: string,
  app: string,
  port: number,
  udpPort?: number,
): string {
  const udp = udpPort !== undefined ? `, {name: dns, containerPort: ${udpPort}, protocol: UDP}` : '';
  return `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${ns}, labels: {app: ${app}}}
spec:
  nodeName: ${node}
  containers: [{name: ${app}, image: registry.example.com/${app}:1.0, ports: [{name: http, containerPort: ${port}, protocol: TCP}${udp}]}]
status:
  phase: Running
  podIP: ${ip}
  podIPs: [{ip: ${ip}}]
  conditions: [{type: Ready, status: "True"}]
`;
}

export function configMapYaml(name: string, ns: string, data: Readonly<Record<string, string>>): string {
  return `---
apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}, namespace: ${ns}}
data:
${Object.entries(data)
  .map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`)
  .join('\n')}
`;
}

export function daemonSetYaml(name: string, ns: string, image: string, args: readonly string[] = []): string {
  return `---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {matchLabels: {k8s-app: ${name}}}
  template:
    metadata: {labels: {k8s-app: ${name}}}
    spec:
      hostNetwork: true
      containers: [{name: ${name}, image: ${image}, args: ${JSON.stringify(args)}}]
`;
}

export function modelOf(yaml: string, settings: ClusterSettings = { underlayMTU: 1500 }): ClusterModel {
  const { snapshot } = snapshotFromObjects(
    [parseText(yaml, 'dump.yaml')],
    { kind: 'files', title: 'dump' },
    { settings },
  );
  return loadModel(snapshot);
}

export function traceOf(model: ClusterModel, q: TraceQuery): TraceResult {
  return traceRoute(model, q);
}

export const kindsOf = (r: TraceResult): HopKind[] => r.hops.map((h) => h.kind);
export const hopOfKind = (r: TraceResult, kind: HopKind): Hop | undefined =>
  r.hops.find((h) => h.kind === kind);
export const codesOf = (r: { findings: ReadonlyArray<{ code: string }> }): string[] =>
  [...new Set(r.findings.map((f) => f.code))].sort();
