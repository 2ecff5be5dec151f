// MetalLB (>= 0.13, CRD configuration): controller, speaker, IPAddressPool, L2Advertisement.

import type { KubeObject } from '../../model/types';
import type { ClusterBuilder } from './cluster';
import { nameSuffix } from './ids';
import { obj } from './meta';
import { daemonSetPodName } from './names';

export function ipAddressPool(name: string, addresses: readonly string[], autoAssign = true): KubeObject {
  return obj(
    'metallb.io/v1beta1',
    'IPAddressPool',
    { name, namespace: 'metallb-system', createdAt: 20, generation: 1 },
    {
      spec: { addresses: [...addresses], autoAssign, avoidBuggyIPs: false },
    },
  );
}

export function l2Advertisement(name: string, pools: readonly string[]): KubeObject {
  return obj(
    'metallb.io/v1beta1',
    'L2Advertisement',
    { name, namespace: 'metallb-system', createdAt: 21, generation: 1 },
    {
      spec: { ipAddressPools: [...pools] },
    },
  );
}

/** The MetalLB controller and speakers (no pools: add those separately). */
export function addMetalLB(b: ClusterBuilder, version = 'v0.14.8'): void {
  b.namespace(
    'metallb-system',
    {
      'pod-security.kubernetes.io/audit': 'privileged',
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/warn': 'privileged',
    },
    19,
  );
  const workers = b.nodes.filter((n) => !n.input.controlPlane).map((n) => n.input.name);
  b.deployment({
    name: 'controller',
    namespace: 'metallb-system',
    labels: { app: 'metallb', component: 'controller' },
    nodes: [workers[0] ?? ''],
    createdAt: 19,
    serviceAccountName: 'controller',
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    containers: [
      {
        name: 'controller',
        image: `quay.io/metallb/controller:${version}`,
        args: ['--port=7472', '--log-level=info', '--tls-min-version=VersionTLS12'],
        ports: [
          { name: 'monitoring', containerPort: 7472 },
          { name: 'webhook-server', containerPort: 9443 },
        ],
      },
    ],
  });
  b.daemonSet({
    name: 'speaker',
    namespace: 'metallb-system',
    labels: { app: 'metallb', component: 'speaker' },
    hostNetwork: true,
    createdAt: 19,
    serviceAccountName: 'speaker',
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    tolerations: [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }],
    containers: [
      {
        name: 'speaker',
        image: `quay.io/metallb/speaker:${version}`,
        args: ['--port=7472', '--log-level=info'],
        ports: [
          { name: 'monitoring', containerPort: 7472 },
          { name: 'memberlist-tcp', containerPort: 7946 },
          { name: 'memberlist-udp', containerPort: 7946, protocol: 'UDP' },
        ],
        securityContext: { capabilities: { add: ['NET_RAW'], drop: ['ALL'] }, readOnlyRootFilesystem: true },
      },
    ],
  });
  b.service({
    name: 'metallb-webhook-service',
    namespace: 'metallb-system',
    selector: { component: 'controller' },
    ports: [{ port: 443, targetPort: 9443 }],
    createdAt: 19,
  });
}

/**
 * The ServiceL2Status a MetalLB (>= 0.14) speaker writes for the service it announces in
 * L2 mode: which node answers ARP, on which interface. Owned by that node's speaker pod.
 */
export function serviceL2Status(serviceNamespace: string, serviceName: string, node: string): KubeObject {
  const speaker = daemonSetPodName('metallb-system', 'speaker', node);
  const owner = obj('v1', 'Pod', { name: speaker, namespace: 'metallb-system' });
  return obj(
    'metallb.io/v1beta1',
    'ServiceL2Status',
    {
      name: `l2-${nameSuffix(`l2status:${serviceNamespace}/${serviceName}/${node}`)}`,
      namespace: 'metallb-system',
      labels: {
        'metallb.io/node': node,
        'metallb.io/service-name': serviceName,
        'metallb.io/service-namespace': serviceNamespace,
      },
      owner,
      createdAt: 45,
    },
    {
      spec: {},
      status: { interfaces: [{ name: 'eth0' }], node, serviceName, serviceNamespace },
    },
  );
}
