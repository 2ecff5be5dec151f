// NodeLocal DNSCache as the upstream manifest installs it (kubernetes/kubernetes
// cluster/addons/dns/nodelocaldns/nodelocaldns.yaml, iptables mode: __PILLAR__LOCAL__DNS__
// = 169.254.20.10, __PILLAR__DNS__SERVER__ = the kube-dns ClusterIP), with its ConfigMap
// and the kube-dns-upstream Service the cache forwards misses to.

import type { ClusterBuilder } from './cluster';
import { obj } from './meta';

export const NODELOCAL_IP = '169.254.20.10';

export function addNodeLocalDns(
  b: ClusterBuilder,
  o: { readonly kubeDnsIP: string; readonly upstreamIP: string },
): void {
  const bind = `${NODELOCAL_IP} ${o.kubeDnsIP}`;
  b.add(
    obj(
      'v1',
      'ConfigMap',
      {
        name: 'node-local-dns',
        namespace: 'kube-system',
        createdAt: 3,
        labels: { 'addonmanager.kubernetes.io/mode': 'Reconcile' },
      },
      {
        data: {
          Corefile:
            `cluster.local:53 {\n    errors\n    cache {\n            success 9984 30\n            denial 9984 5\n    }\n    reload\n    loop\n    bind ${bind}\n    forward . __PILLAR__CLUSTER__DNS__ {\n            force_tcp\n    }\n    prometheus :9253\n    health ${NODELOCAL_IP}:8080\n    }\n` +
            `.:53 {\n    errors\n    cache 30\n    reload\n    loop\n    bind ${bind}\n    forward . __PILLAR__UPSTREAM__SERVERS__\n    prometheus :9253\n    }\n`,
        },
      },
    ),
  );
  b.service({
    name: 'kube-dns-upstream',
    namespace: 'kube-system',
    clusterIP: o.upstreamIP,
    selector: { 'k8s-app': 'kube-dns' },
    createdAt: 3,
    labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/name': 'KubeDNSUpstream' },
    ports: [
      { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
      { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
    ],
  });
  b.daemonSet({
    name: 'node-local-dns',
    namespace: 'kube-system',
    labels: { 'k8s-app': 'node-local-dns' },
    createdAt: 3,
    hostNetwork: true,
    dnsPolicy: 'Default',
    priorityClassName: 'system-node-critical',
    serviceAccountName: 'node-local-dns',
    tolerations: [
      { key: 'CriticalAddonsOnly', operator: 'Exists' },
      { effect: 'NoExecute', operator: 'Exists' },
      { effect: 'NoSchedule', operator: 'Exists' },
    ],
    containers: [
      {
        name: 'node-cache',
        image: 'registry.k8s.io/dns/k8s-dns-node-cache:1.23.1',
        args: [
          '-localip',
          `${NODELOCAL_IP},${o.kubeDnsIP}`,
          '-conf',
          '/etc/Corefile',
          '-upstreamsvc',
          'kube-dns-upstream',
        ],
        securityContext: { capabilities: { add: ['NET_ADMIN'] } },
        ports: [
          { name: 'dns', containerPort: 53, protocol: 'UDP' },
          { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
          { name: 'metrics', containerPort: 9253, protocol: 'TCP' },
        ],
      },
    ],
  });
}
