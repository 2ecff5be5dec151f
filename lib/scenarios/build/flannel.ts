// Flannel as the upstream kube-flannel.yml installs it: the kube-flannel namespace, the
// kube-flannel-cfg ConfigMap (cni-conf.json, net-conf.json) and the kube-flannel-ds DaemonSet.

import type { ClusterBuilder } from './cluster';
import { obj } from './meta';

export interface FlannelOptions {
  readonly network: string;
  readonly backend: 'vxlan' | 'host-gw' | 'wireguard';
  /** `--ip-masq` on flanneld: SNAT for pod traffic leaving the pod network. */
  readonly ipMasq: boolean;
  readonly version?: string;
}

export function addFlannel(b: ClusterBuilder, o: FlannelOptions): void {
  const version = o.version ?? 'v0.25.7';
  b.namespace(
    'kube-flannel',
    { 'k8s-app': 'flannel', 'pod-security.kubernetes.io/enforce': 'privileged' },
    6,
  );
  b.add(
    obj(
      'v1',
      'ConfigMap',
      {
        name: 'kube-flannel-cfg',
        namespace: 'kube-flannel',
        labels: { app: 'flannel', 'k8s-app': 'flannel', tier: 'node' },
        createdAt: 6,
      },
      {
        data: {
          'cni-conf.json':
            JSON.stringify(
              {
                name: 'cbr0',
                cniVersion: '0.3.1',
                plugins: [
                  { type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } },
                  { type: 'portmap', capabilities: { portMappings: true } },
                ],
              },
              null,
              2,
            ) + '\n',
          'net-conf.json':
            JSON.stringify(
              { Network: o.network, EnableNFTables: false, Backend: { Type: o.backend } },
              null,
              2,
            ) + '\n',
        },
      },
    ),
  );
  b.daemonSet({
    name: 'kube-flannel-ds',
    namespace: 'kube-flannel',
    labels: { app: 'flannel', 'k8s-app': 'flannel' },
    hostNetwork: true,
    createdAt: 6,
    priorityClassName: 'system-node-critical',
    serviceAccountName: 'flannel',
    tolerations: [{ effect: 'NoSchedule', operator: 'Exists' }],
    workloadLabels: { app: 'flannel', 'k8s-app': 'flannel', tier: 'node' },
    containers: [
      {
        name: 'kube-flannel',
        image: `docker.io/flannel/flannel:${version}`,
        command: ['/opt/bin/flanneld'],
        args: [...(o.ipMasq ? ['--ip-masq'] : []), '--kube-subnet-mgr'],
        env: [{ name: 'EVENT_QUEUE_DEPTH', value: '5000' }],
        securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] }, privileged: false },
      },
    ],
  });
}
