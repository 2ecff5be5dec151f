// Calico installed by the Tigera operator: Installation, IPPool, FelixConfiguration,
// BGPConfiguration, and the calico-node / calico-kube-controllers workloads.

import type { KubeObject } from '../../model/types';
import type { ClusterBuilder } from './cluster';
import { condition, obj } from './meta';

export type CalicoEncap = 'VXLAN' | 'VXLANCrossSubnet' | 'IPIP' | 'IPIPCrossSubnet' | 'None';

export interface CalicoOptions {
  readonly cidr: string;
  readonly encapsulation: CalicoEncap;
  /** Installation spec.calicoNetwork.mtu; omitted = Calico's auto-detection. */
  readonly mtu?: number;
  /** FelixConfiguration MTU fields (vxlanMTU / ipipMTU), as an operator may pin them. */
  readonly felixMTU?: number;
  readonly bgp: 'Enabled' | 'Disabled';
  readonly natOutgoing?: boolean;
  readonly version?: string;
}

function poolModes(e: CalicoEncap): { ipipMode: string; vxlanMode: string } {
  switch (e) {
    case 'VXLAN':
      return { ipipMode: 'Never', vxlanMode: 'Always' };
    case 'VXLANCrossSubnet':
      return { ipipMode: 'Never', vxlanMode: 'CrossSubnet' };
    case 'IPIP':
      return { ipipMode: 'Always', vxlanMode: 'Never' };
    case 'IPIPCrossSubnet':
      return { ipipMode: 'CrossSubnet', vxlanMode: 'Never' };
    case 'None':
      return { ipipMode: 'Never', vxlanMode: 'Never' };
  }
}

/** The MTU Calico's auto-detection would pick on a 1500-byte underlay. */
function autoMTU(e: CalicoEncap): number {
  if (e.startsWith('VXLAN')) return 1450;
  if (e.startsWith('IPIP')) return 1480;
  return 1500;
}

export function calicoInstallation(o: CalicoOptions): KubeObject {
  const version = o.version ?? 'v3.28.2';
  return obj(
    'operator.tigera.io/v1',
    'Installation',
    { name: 'default', createdAt: 10, generation: 2 },
    {
      spec: {
        calicoNetwork: {
          bgp: o.bgp,
          hostPorts: 'Enabled',
          ipPools: [
            {
              allowedUses: ['Workload', 'Tunnel'],
              blockSize: 26,
              cidr: o.cidr,
              disableBGPExport: false,
              encapsulation: o.encapsulation,
              name: 'default-ipv4-ippool',
              natOutgoing: o.natOutgoing === false ? 'Disabled' : 'Enabled',
              nodeSelector: 'all()',
            },
          ],
          linuxDataplane: 'Iptables',
          linuxPolicySetupTimeoutSeconds: 0,
          multiInterfaceMode: 'None',
          ...(o.mtu !== undefined ? { mtu: o.mtu } : {}),
          nodeAddressAutodetectionV4: { firstFound: true },
          windowsDataplane: 'Disabled',
        },
        cni: { ipam: { type: 'Calico' }, type: 'Calico' },
        controlPlaneReplicas: 2,
        flexVolumePath: '/usr/libexec/kubernetes/kubelet-plugins/volume/exec/',
        kubeletVolumePluginPath: '/var/lib/kubelet',
        logging: {
          cni: { logFileMaxAgeDays: 30, logFileMaxCount: 10, logFileMaxSize: '100Mi', logSeverity: 'Info' },
        },
        nodeUpdateStrategy: { rollingUpdate: { maxUnavailable: 1 }, type: 'RollingUpdate' },
        nonPrivileged: 'Disabled',
        variant: 'Calico',
      },
      status: {
        calicoVersion: version,
        conditions: [
          condition('Ready', 'True', 12, 'AllObjectsAvailable', 'All Objects are available', {
            observedGeneration: 2,
          }),
          condition('Progressing', 'False', 12, 'AllObjectsAvailable', 'All Objects are available', {
            observedGeneration: 2,
          }),
          condition('Degraded', 'False', 12, 'AllObjectsAvailable', 'All Objects are available', {
            observedGeneration: 2,
          }),
        ],
        mtu: o.mtu ?? autoMTU(o.encapsulation),
        variant: 'Calico',
      },
    },
  );
}

export function calicoIPPool(o: CalicoOptions): KubeObject {
  return obj(
    'projectcalico.org/v3',
    'IPPool',
    {
      name: 'default-ipv4-ippool',
      createdAt: 11,
      labels: { 'app.kubernetes.io/managed-by': 'tigera-operator' },
    },
    {
      spec: {
        allowedUses: ['Workload', 'Tunnel'],
        blockSize: 26,
        cidr: o.cidr,
        ...poolModes(o.encapsulation),
        natOutgoing: o.natOutgoing !== false,
        nodeSelector: 'all()',
      },
    },
  );
}

export function felixConfiguration(o: CalicoOptions): KubeObject {
  const mtuFields =
    o.felixMTU === undefined
      ? {}
      : o.encapsulation.startsWith('VXLAN')
        ? { vxlanMTU: o.felixMTU }
        : o.encapsulation.startsWith('IPIP')
          ? { ipipMTU: o.felixMTU }
          : {};
  return obj(
    'projectcalico.org/v3',
    'FelixConfiguration',
    { name: 'default', createdAt: 11 },
    {
      spec: {
        bpfConnectTimeLoadBalancing: 'TCP',
        bpfEnabled: false,
        bpfExternalServiceMode: 'Tunnel',
        bpfHostNetworkedNATWithoutCTLB: 'Enabled',
        bpfLogLevel: '',
        floatingIPs: 'Disabled',
        healthPort: 9099,
        logSeverityScreen: 'Info',
        reportingInterval: '0s',
        ...mtuFields,
        vxlanVNI: 4096,
        wireguardEnabled: false,
      },
    },
  );
}

export function bgpConfiguration(): KubeObject {
  return obj(
    'projectcalico.org/v3',
    'BGPConfiguration',
    { name: 'default', createdAt: 11 },
    {
      spec: { asNumber: 64512, listenPort: 179, logSeverityScreen: 'Info', nodeToNodeMeshEnabled: true },
    },
  );
}

/** Everything Calico puts in a cluster; returns nothing (objects go to the builder). */
export function addCalico(b: ClusterBuilder, o: CalicoOptions): void {
  const version = o.version ?? 'v3.28.2';
  b.namespace(
    'tigera-operator',
    { name: 'tigera-operator', 'pod-security.kubernetes.io/enforce': 'privileged' },
    8,
  );
  b.namespace(
    'calico-system',
    {
      name: 'calico-system',
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/enforce-version': 'latest',
    },
    10,
  );
  b.namespace(
    'calico-apiserver',
    { name: 'calico-apiserver', 'pod-security.kubernetes.io/enforce': 'baseline' },
    10,
  );
  b.add(calicoInstallation(o), calicoIPPool(o), felixConfiguration(o));
  if (o.bgp === 'Enabled') b.add(bgpConfiguration());
  const nodes = b.nodes.map((n) => n.input.name);
  const workers = b.nodes.filter((n) => !n.input.controlPlane).map((n) => n.input.name);
  b.deployment({
    name: 'tigera-operator',
    namespace: 'tigera-operator',
    labels: { name: 'tigera-operator', 'k8s-app': 'tigera-operator' },
    nodes: [nodes[0] ?? ''],
    hostNetwork: true,
    createdAt: 8,
    serviceAccountName: 'tigera-operator',
    tolerations: [
      { effect: 'NoExecute', operator: 'Exists' },
      { effect: 'NoSchedule', operator: 'Exists' },
    ],
    containers: [
      { name: 'tigera-operator', image: 'quay.io/tigera/operator:v1.34.5', command: ['operator'] },
    ],
  });
  b.daemonSet({
    name: 'calico-node',
    namespace: 'calico-system',
    labels: { 'k8s-app': 'calico-node' },
    hostNetwork: true,
    createdAt: 10,
    priorityClassName: 'system-node-critical',
    serviceAccountName: 'calico-node',
    tolerations: [
      { key: 'CriticalAddonsOnly', operator: 'Exists' },
      { effect: 'NoSchedule', operator: 'Exists' },
      { effect: 'NoExecute', operator: 'Exists' },
    ],
    containers: [
      {
        name: 'calico-node',
        image: `docker.io/calico/node:${version}`,
        securityContext: { privileged: true },
        env: [
          { name: 'DATASTORE_TYPE', value: 'kubernetes' },
          { name: 'CLUSTER_TYPE', value: o.bgp === 'Enabled' ? 'k8s,operator,bgp' : 'k8s,operator' },
          { name: 'CALICO_NETWORKING_BACKEND', value: o.bgp === 'Enabled' ? 'bird' : 'vxlan' },
          { name: 'IP', value: 'autodetect' },
          { name: 'IP_AUTODETECTION_METHOD', value: 'first-found' },
          { name: 'FELIX_HEALTHPORT', value: '9099' },
        ],
        ports: [],
      },
    ],
  });
  b.deployment({
    name: 'calico-kube-controllers',
    namespace: 'calico-system',
    labels: { 'k8s-app': 'calico-kube-controllers' },
    nodes: [workers[0] ?? nodes[0] ?? ''],
    createdAt: 10,
    priorityClassName: 'system-cluster-critical',
    serviceAccountName: 'calico-kube-controllers',
    containers: [
      {
        name: 'calico-kube-controllers',
        image: `docker.io/calico/kube-controllers:${version}`,
        env: [
          { name: 'DATASTORE_TYPE', value: 'kubernetes' },
          { name: 'ENABLED_CONTROLLERS', value: 'node,loadbalancer' },
        ],
      },
    ],
  });
}
