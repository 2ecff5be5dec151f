// Cilium as its Helm chart installs it: the cilium-config ConfigMap, the cilium agent
// DaemonSet and the cilium-operator Deployment.

import type { ClusterBuilder } from './cluster';
import { obj } from './meta';

export interface CiliumOptions {
  readonly routingMode: 'tunnel' | 'native';
  readonly tunnelProtocol?: 'vxlan' | 'geneve';
  readonly kubeProxyReplacement: boolean;
  readonly bpfLbMode: 'snat' | 'dsr' | 'hybrid';
  readonly nativeRoutingCIDR?: string;
  readonly mtu?: number;
  readonly version?: string;
}

export function ciliumConfigData(o: CiliumOptions): Record<string, string> {
  return {
    'agent-not-ready-taint-key': 'node.cilium.io/agent-not-ready',
    'arping-refresh-period': '30s',
    'auto-direct-node-routes': o.routingMode === 'native' ? 'true' : 'false',
    'bpf-lb-acceleration': 'disabled',
    'bpf-lb-external-clusterip': 'false',
    'bpf-lb-map-max': '65536',
    'bpf-lb-mode': o.bpfLbMode,
    'bpf-lb-sock': 'false',
    'bpf-map-dynamic-size-ratio': '0.0025',
    'cluster-id': '0',
    'cluster-name': 'default',
    'cni-exclusive': 'true',
    'custom-cni-conf': 'false',
    debug: 'false',
    'enable-bpf-masquerade': 'true',
    'enable-endpoint-health-checking': 'true',
    'enable-health-checking': 'true',
    'enable-ipv4': 'true',
    'enable-ipv4-masquerade': 'true',
    'enable-ipv6': 'false',
    'enable-l2-announcements': 'true',
    'enable-policy': 'default',
    'enable-wireguard': 'false',
    'identity-allocation-mode': 'crd',
    // ipam kubernetes: pod addresses come from each Node's spec.podCIDR.
    ipam: 'kubernetes',
    ...(o.nativeRoutingCIDR ? { 'ipv4-native-routing-cidr': o.nativeRoutingCIDR } : {}),
    'kube-proxy-replacement': o.kubeProxyReplacement ? 'true' : 'false',
    'kube-proxy-replacement-healthz-bind-address': '',
    'monitor-aggregation': 'medium',
    ...(o.mtu !== undefined ? { mtu: String(o.mtu) } : {}),
    'node-port-bind-protection': 'true',
    'routing-mode': o.routingMode,
    ...(o.routingMode === 'tunnel' ? { 'tunnel-protocol': o.tunnelProtocol ?? 'vxlan' } : {}),
    'tofqdns-enable-dns-compression': 'true',
  };
}

export function addCilium(b: ClusterBuilder, o: CiliumOptions): void {
  const version = o.version ?? 'v1.16.1';
  b.add(
    obj(
      'v1',
      'ConfigMap',
      {
        name: 'cilium-config',
        namespace: 'kube-system',
        labels: { 'app.kubernetes.io/managed-by': 'Helm' },
        annotations: {
          'meta.helm.sh/release-name': 'cilium',
          'meta.helm.sh/release-namespace': 'kube-system',
        },
        createdAt: 6,
      },
      {
        data: ciliumConfigData(o),
      },
    ),
  );
  b.daemonSet({
    name: 'cilium',
    namespace: 'kube-system',
    labels: { 'k8s-app': 'cilium' },
    hostNetwork: true,
    createdAt: 6,
    workloadLabels: {
      'app.kubernetes.io/name': 'cilium-agent',
      'app.kubernetes.io/part-of': 'cilium',
      'k8s-app': 'cilium',
    },
    priorityClassName: 'system-node-critical',
    serviceAccountName: 'cilium',
    tolerations: [{ operator: 'Exists' }],
    containers: [
      {
        name: 'cilium-agent',
        image: `quay.io/cilium/cilium:${version}`,
        command: ['cilium-agent'],
        args: ['--config-dir=/tmp/cilium/config-map'],
        env: [
          { name: 'KUBERNETES_SERVICE_HOST', value: '10.0.0.10' },
          { name: 'KUBERNETES_SERVICE_PORT', value: '6443' },
        ],
        ports: [{ name: 'peer-service', containerPort: 4244, protocol: 'TCP' }],
        securityContext: {
          capabilities: {
            add: [
              'CHOWN',
              'KILL',
              'NET_ADMIN',
              'NET_RAW',
              'IPC_LOCK',
              'SYS_MODULE',
              'SYS_ADMIN',
              'SYS_RESOURCE',
              'DAC_OVERRIDE',
              'FOWNER',
              'SETGID',
              'SETUID',
            ],
          },
        },
      },
    ],
  });
  const workers = b.nodes.filter((n) => !n.input.controlPlane).map((n) => n.input.name);
  b.deployment({
    name: 'cilium-operator',
    namespace: 'kube-system',
    labels: { 'io.cilium/app': 'operator', name: 'cilium-operator' },
    nodes: workers.slice(0, 2),
    hostNetwork: true,
    createdAt: 6,
    priorityClassName: 'system-cluster-critical',
    serviceAccountName: 'cilium-operator',
    tolerations: [{ operator: 'Exists' }],
    containers: [
      {
        name: 'cilium-operator',
        image: `quay.io/cilium/operator-generic:${version}`,
        command: ['cilium-operator-generic'],
        args: ['--config-dir=/tmp/cilium/config-map', '--debug=$(CILIUM_DEBUG)'],
      },
    ],
  });
}
