// Node objects as kubelet and the CNI agents leave them: addresses, podCIDR, nodeInfo,
// topology labels and the CNI's own annotations (Calico tunnel addresses, Flannel VTEP).

import type { KubeObject } from '../../model/types';
import { condition, obj } from './meta';
import { fnv1a, uidFor } from './ids';
import { nthIp, subnet } from './ip';

export type CniKind = 'calico-vxlan' | 'calico-ipip' | 'calico-bgp' | 'flannel' | 'cilium';

export interface NodeInput {
  readonly name: string;
  /** InternalIP on the underlay. */
  readonly ip: string;
  /** Prefix length of the underlay subnet (Calico's IPv4Address annotation carries it). */
  readonly prefixLength?: number;
  readonly podCIDR: string;
  readonly zone: string;
  readonly region?: string;
  readonly controlPlane?: boolean;
  readonly kernelVersion?: string;
  readonly osImage?: string;
  readonly externalIP?: string;
  readonly kubeletVersion?: string;
  readonly extraLabels?: Record<string, string>;
}

export interface BuiltNode {
  readonly input: NodeInput;
  readonly object: KubeObject;
  /** Where this node's pod addresses come from (Calico: an IPAM block; others: podCIDR). */
  readonly podPool: string;
  /** First offset in podPool handed to a pod. */
  readonly firstPodOffset: number;
}

const DEFAULT_KERNEL = '5.15.0-122-generic';
const DEFAULT_OS = 'Ubuntu 22.04.5 LTS';

/** The VTEP MAC flannel publishes for a node in its vxlan backend-data annotation. */
export function vtepMac(name: string): string {
  const h = fnv1a(`mac:${name}`).toString(16).padStart(8, '0');
  return `6e:${h.slice(0, 2)}:${h.slice(2, 4)}:${h.slice(4, 6)}:${h.slice(6, 8)}:${(fnv1a(name) & 0xff).toString(16).padStart(2, '0')}`;
}

function cniAnnotations(cni: CniKind, n: NodeInput, podPool: string): Record<string, string> {
  const ipWithPrefix = `${n.ip}/${n.prefixLength ?? 24}`;
  switch (cni) {
    case 'calico-vxlan':
      return {
        'projectcalico.org/IPv4Address': ipWithPrefix,
        'projectcalico.org/IPv4VXLANTunnelAddr': nthIp(podPool, 0),
      };
    case 'calico-ipip':
      return {
        'projectcalico.org/IPv4Address': ipWithPrefix,
        'projectcalico.org/IPv4IPIPTunnelAddr': nthIp(podPool, 0),
      };
    case 'calico-bgp':
      return { 'projectcalico.org/IPv4Address': ipWithPrefix };
    case 'flannel':
      return {
        'flannel.alpha.coreos.com/backend-data': JSON.stringify({ VNI: 1, VtepMAC: vtepMac(n.name) }),
        'flannel.alpha.coreos.com/backend-type': 'vxlan',
        'flannel.alpha.coreos.com/kube-subnet-manager': 'true',
        'flannel.alpha.coreos.com/public-ip': n.ip,
      };
    case 'cilium':
      return {
        'network.cilium.io/ipv4-cilium-host': nthIp(n.podCIDR, 137),
        'network.cilium.io/ipv4-health-ip': nthIp(n.podCIDR, 52),
        'network.cilium.io/ipv4-pod-cidr': n.podCIDR,
      };
  }
}

/** Calico hands each node a /26 IPAM block; we place it inside the node's podCIDR. */
function podPoolFor(cni: CniKind, n: NodeInput, calicoBlockPrefix: number): { pool: string; first: number } {
  if (cni.startsWith('calico'))
    return { pool: calicoBlockPrefix <= 24 ? n.podCIDR : subnet(n.podCIDR, calicoBlockPrefix, 1), first: 1 };
  if (cni === 'flannel') return { pool: n.podCIDR, first: 2 }; // .1 is cni0
  return { pool: n.podCIDR, first: 11 };
}

export function buildNode(cni: CniKind, n: NodeInput, createdAt: number, calicoBlockPrefix = 26): BuiltNode {
  const { pool, first } = podPoolFor(cni, n, calicoBlockPrefix);
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': n.name,
    'kubernetes.io/os': 'linux',
    ...(n.controlPlane
      ? {
          'node-role.kubernetes.io/control-plane': '',
          'node.kubernetes.io/exclude-from-external-load-balancers': '',
        }
      : {}),
    'topology.kubernetes.io/region': n.region ?? 'no-osl',
    'topology.kubernetes.io/zone': n.zone,
    ...(n.extraLabels ?? {}),
  };
  const annotations: Record<string, string> = {
    'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock',
    'node.alpha.kubernetes.io/ttl': '0',
    ...cniAnnotations(cni, n, pool),
    'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
  };
  const addresses = [
    { address: n.ip, type: 'InternalIP' },
    ...(n.externalIP ? [{ address: n.externalIP, type: 'ExternalIP' }] : []),
    { address: n.name, type: 'Hostname' },
  ];
  const kubelet = n.kubeletVersion ?? 'v1.30.5';
  const object = obj(
    'v1',
    'Node',
    { name: n.name, labels, annotations, createdAt },
    {
      spec: {
        podCIDR: n.podCIDR,
        podCIDRs: [n.podCIDR],
        ...(n.controlPlane
          ? { taints: [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }] }
          : {}),
      },
      status: {
        addresses,
        allocatable: { cpu: '4', 'ephemeral-storage': '152161143761', memory: '16273228Ki', pods: '110' },
        capacity: { cpu: '4', 'ephemeral-storage': '165105408Ki', memory: '16375628Ki', pods: '110' },
        conditions: [
          condition(
            'NetworkUnavailable',
            'False',
            createdAt + 2,
            cni === 'flannel' ? 'FlannelIsUp' : cni === 'cilium' ? 'CiliumIsUp' : 'CalicoIsUp',
            cni === 'flannel'
              ? 'Flannel is running on this node'
              : cni === 'cilium'
                ? 'Cilium is running on this node'
                : 'Calico is running on this node',
            { lastHeartbeatTime: '2024-10-21T09:12:44Z' },
          ),
          condition(
            'MemoryPressure',
            'False',
            createdAt,
            'KubeletHasSufficientMemory',
            'kubelet has sufficient memory available',
            { lastHeartbeatTime: '2024-10-21T09:28:51Z' },
          ),
          condition(
            'DiskPressure',
            'False',
            createdAt,
            'KubeletHasNoDiskPressure',
            'kubelet has no disk pressure',
            { lastHeartbeatTime: '2024-10-21T09:28:51Z' },
          ),
          condition(
            'PIDPressure',
            'False',
            createdAt,
            'KubeletHasSufficientPID',
            'kubelet has sufficient PID available',
            { lastHeartbeatTime: '2024-10-21T09:28:51Z' },
          ),
          condition('Ready', 'True', createdAt + 3, 'KubeletReady', 'kubelet is posting ready status', {
            lastHeartbeatTime: '2024-10-21T09:28:51Z',
          }),
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          architecture: 'amd64',
          bootID: uidFor(`boot:${n.name}`),
          containerRuntimeVersion: 'containerd://1.7.22',
          kernelVersion: n.kernelVersion ?? DEFAULT_KERNEL,
          kubeProxyVersion: kubelet,
          kubeletVersion: kubelet,
          machineID: uidFor(`machine:${n.name}`).replace(/-/g, ''),
          operatingSystem: 'linux',
          osImage: n.osImage ?? DEFAULT_OS,
          systemUUID: uidFor(`system:${n.name}`),
        },
      },
    },
  );
  return { input: n, object, podPool: pool, firstPodOffset: first };
}
