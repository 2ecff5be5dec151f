// kube-system basics every kubeadm cluster has: kube-proxy (ConfigMap + DaemonSet) and
// CoreDNS (Deployment, pods, the kube-dns Service on 10.96.0.10, its Corefile).

import type { ClusterBuilder } from './cluster';
import { obj } from './meta';
import type { NodeInput } from './node';

export type KubeProxyMode = 'iptables' | 'ipvs' | 'nftables' | '';

export interface KubeProxyOptions {
  readonly mode: KubeProxyMode;
  readonly scheduler?: string;
  readonly strictARP?: boolean;
  readonly clusterCIDR: string;
}

/** The KubeProxyConfiguration text kubeadm writes into `config.conf`. */
export function kubeProxyConfig(o: KubeProxyOptions): string {
  return [
    'apiVersion: kubeproxy.config.k8s.io/v1alpha1',
    'bindAddress: 0.0.0.0',
    'bindAddressHardFail: false',
    'clientConnection:',
    '  acceptContentTypes: ""',
    '  burst: 0',
    '  contentType: ""',
    '  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf',
    '  qps: 0',
    `clusterCIDR: ${o.clusterCIDR}`,
    'configSyncPeriod: 0s',
    'conntrack:',
    '  maxPerCore: null',
    '  min: null',
    '  tcpCloseWaitTimeout: null',
    '  tcpEstablishedTimeout: null',
    'detectLocalMode: ""',
    'enableProfiling: false',
    'healthzBindAddress: ""',
    'hostnameOverride: ""',
    'iptables:',
    '  localhostNodePorts: null',
    '  masqueradeAll: false',
    '  masqueradeBit: null',
    '  minSyncPeriod: 0s',
    '  syncPeriod: 0s',
    'ipvs:',
    '  excludeCIDRs: null',
    '  minSyncPeriod: 0s',
    `  scheduler: "${o.scheduler ?? ''}"`,
    `  strictARP: ${o.strictARP ? 'true' : 'false'}`,
    '  syncPeriod: 0s',
    '  tcpFinTimeout: 0s',
    '  tcpTimeout: 0s',
    '  udpTimeout: 0s',
    'kind: KubeProxyConfiguration',
    'logging:',
    '  flushFrequency: 0',
    '  options:',
    '    json:',
    '      infoBufferSize: "0"',
    '  verbosity: 0',
    'metricsBindAddress: ""',
    `mode: "${o.mode}"`,
    'nodePortAddresses: null',
    'oomScoreAdj: null',
    'portRange: ""',
    'showHiddenMetricsForAlphaFeatures: false',
    'winkernel:',
    '  enableDSR: false',
    '  forwardHealthCheckVip: false',
    '  networkName: ""',
    '  rootHnsEndpointName: ""',
    '  sourceVip: ""',
    '',
  ].join('\n');
}

export function addKubeProxy(b: ClusterBuilder, o: KubeProxyOptions): void {
  b.add(
    obj(
      'v1',
      'ConfigMap',
      {
        name: 'kube-proxy',
        namespace: 'kube-system',
        labels: { app: 'kube-proxy' },
        annotations: {
          'kubeadm.kubernetes.io/component-config.hash':
            'sha256:5f0d7c3b1e94a2c86d4b0f7e3a9c1d2e8b6f4a0c3e5d7b9a1c2e4f6a8b0d2c4e',
        },
        createdAt: 1,
      },
      {
        data: {
          'config.conf': kubeProxyConfig(o),
          'kubeconfig.conf':
            'apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt\n    server: https://10.0.0.10:6443\n  name: default\ncontexts:\n- context:\n    cluster: default\n    namespace: default\n    user: default\n  name: default\ncurrent-context: default\nusers:\n- name: default\n  user:\n    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token\n',
        },
      },
    ),
  );
  b.daemonSet({
    name: 'kube-proxy',
    namespace: 'kube-system',
    labels: { 'k8s-app': 'kube-proxy' },
    hostNetwork: true,
    createdAt: 1,
    priorityClassName: 'system-node-critical',
    serviceAccountName: 'kube-proxy',
    tolerations: [{ operator: 'Exists' }],
    containers: [
      {
        name: 'kube-proxy',
        image: 'registry.k8s.io/kube-proxy:v1.30.5',
        command: [
          '/usr/local/bin/kube-proxy',
          '--config=/var/lib/kube-proxy/config.conf',
          '--hostname-override=$(NODE_NAME)',
        ],
        securityContext: { privileged: true },
      },
    ],
  });
}

export interface CoreDnsOptions {
  /** Nodes the two CoreDNS replicas run on. */
  readonly nodes: readonly string[];
}

export function addCoreDns(b: ClusterBuilder, o: CoreDnsOptions): void {
  b.add(
    obj(
      'v1',
      'ConfigMap',
      { name: 'coredns', namespace: 'kube-system', createdAt: 1 },
      {
        data: {
          Corefile:
            '.:53 {\n    errors\n    health {\n       lameduck 5s\n    }\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n       ttl 30\n    }\n    prometheus :9153\n    forward . /etc/resolv.conf {\n       max_concurrent 1000\n    }\n    cache 30\n    loop\n    reload\n    loadbalance\n}\n',
        },
      },
    ),
  );
  b.deployment({
    name: 'coredns',
    namespace: 'kube-system',
    labels: { 'k8s-app': 'kube-dns' },
    nodes: o.nodes,
    createdAt: 2,
    priorityClassName: 'system-cluster-critical',
    serviceAccountName: 'coredns',
    dnsPolicy: 'Default',
    tolerations: [
      { key: 'CriticalAddonsOnly', operator: 'Exists' },
      { effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' },
    ],
    containers: [
      {
        name: 'coredns',
        image: 'registry.k8s.io/coredns/coredns:v1.11.1',
        args: ['-conf', '/etc/coredns/Corefile'],
        ports: [
          { name: 'dns', containerPort: 53, protocol: 'UDP' },
          { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
          { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
        ],
      },
    ],
  });
  b.service({
    name: 'kube-dns',
    namespace: 'kube-system',
    clusterIP: '10.96.0.10',
    selector: { 'k8s-app': 'kube-dns' },
    createdAt: 2,
    labels: {
      'k8s-app': 'kube-dns',
      'kubernetes.io/cluster-service': 'true',
      'kubernetes.io/name': 'CoreDNS',
    },
    annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
    ports: [
      { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
      { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
      { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
    ],
  });
}

/** The control plane's static pods on `node`, as kubeadm writes their manifests. */
export function addControlPlane(b: ClusterBuilder, node: string, version = 'v1.30.5'): void {
  const ip = b.nodeByName(node).input.ip;
  b.staticPod(node, 'etcd', {
    image: 'registry.k8s.io/etcd:3.5.15-0',
    command: [
      'etcd',
      `--advertise-client-urls=https://${ip}:2379`,
      '--data-dir=/var/lib/etcd',
      `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`,
      `--listen-peer-urls=https://${ip}:2380`,
      `--name=${node}`,
    ],
  });
  b.staticPod(node, 'kube-apiserver', {
    image: `registry.k8s.io/kube-apiserver:${version}`,
    command: [
      'kube-apiserver',
      `--advertise-address=${ip}`,
      '--authorization-mode=Node,RBAC',
      '--enable-admission-plugins=NodeRestriction',
      '--etcd-servers=https://127.0.0.1:2379',
      '--secure-port=6443',
      '--service-cluster-ip-range=10.96.0.0/12',
    ],
  });
  b.staticPod(node, 'kube-controller-manager', {
    image: `registry.k8s.io/kube-controller-manager:${version}`,
    command: [
      'kube-controller-manager',
      '--allocate-node-cidrs=true',
      '--cluster-name=kubernetes',
      '--controllers=*,bootstrapsigner,tokencleaner',
      '--leader-elect=true',
      '--service-cluster-ip-range=10.96.0.0/12',
    ],
  });
  b.staticPod(node, 'kube-scheduler', {
    image: `registry.k8s.io/kube-scheduler:${version}`,
    command: [
      'kube-scheduler',
      '--authentication-kubeconfig=/etc/kubernetes/scheduler.conf',
      '--bind-address=127.0.0.1',
      '--leader-elect=true',
    ],
  });
}

/** A kubeadm cluster before any add-on: system namespaces, the nodes, the control plane, the kubernetes Service. */
export function addKubeadmBase(b: ClusterBuilder, nodes: readonly NodeInput[]): void {
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) b.namespace(ns);
  for (const n of nodes) b.node(n);
  for (const n of nodes) if (n.controlPlane) addControlPlane(b, n.name);
  b.kubernetesService();
}
