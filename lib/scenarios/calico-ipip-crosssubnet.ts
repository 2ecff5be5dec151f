// Calico BGP with IP-in-IP only across subnets (CrossSubnet): pods in the same rack are
// routed natively, pods in different racks are encapsulated. The Installation pins the pod
// MTU to 1500, which only hurts the encapsulated pairs.

import type { KubeObject } from '../model/types';
import { addCalico } from './build/calico';
import { ClusterBuilder } from './build/cluster';
import { addShop } from './build/layout';
import { podOf } from './build/names';
import type { NodeInput } from './build/node';
import { deriveFix, defineScenario } from './build/scenario';
import { addCoreDns, addKubeadmBase, addKubeProxy } from './build/system';
import type { Scenario } from './types';

const NODES: NodeInput[] = [
  {
    name: 'cp-1',
    ip: '10.1.1.10',
    prefixLength: 24,
    podCIDR: '192.168.0.0/24',
    zone: 'no-osl-rack-a',
    controlPlane: true,
  },
  { name: 'worker-1', ip: '10.1.1.11', prefixLength: 24, podCIDR: '192.168.1.0/24', zone: 'no-osl-rack-a' },
  { name: 'worker-2', ip: '10.1.1.12', prefixLength: 24, podCIDR: '192.168.2.0/24', zone: 'no-osl-rack-a' },
  { name: 'worker-3', ip: '10.1.2.11', prefixLength: 24, podCIDR: '192.168.3.0/24', zone: 'no-osl-rack-b' },
  { name: 'worker-4', ip: '10.1.2.12', prefixLength: 24, podCIDR: '192.168.4.0/24', zone: 'no-osl-rack-b' },
];

function build(): KubeObject[] {
  const b = new ClusterBuilder('calico-ipip');
  addKubeadmBase(b, NODES);
  addCalico(b, { cidr: '192.168.0.0/16', encapsulation: 'IPIPCrossSubnet', bgp: 'Enabled', mtu: 1500 });
  addKubeProxy(b, { mode: 'ipvs', scheduler: 'rr', strictARP: false, clusterCIDR: '192.168.0.0/16' });
  addCoreDns(b, { nodes: ['worker-1', 'worker-3'] });
  addShop(b, {
    namespace: 'shop',
    webNodes: ['worker-1', 'worker-3'],
    apiNodes: ['worker-2'],
    dbNode: 'worker-4',
  });
  return b.build();
}

export const calicoIpipCrossSubnet: Scenario = defineScenario(
  {
    slug: 'calico-ipip-crosssubnet',
    title: 'Calico CrossSubnet: fine within a rack, black hole across racks',
    story:
      'Inside rack A everything is fast; as soon as a pod in rack A talks to one in rack B, large responses stall. ' +
      'The IPPool uses ipipMode CrossSubnet, so traffic between nodes in 10.1.1.0/24 is routed natively but traffic to 10.1.2.0/24 is wrapped in IP-in-IP (20 bytes) — and the Installation pins the pod MTU at 1500 on a 1500-byte underlay.',
    tags: ['Calico', 'BGP', 'IP-in-IP', 'CrossSubnet', 'MTU', 'IPVS'],
    settings: { underlayMTU: 1500 },
    fixedBy: 'calico-ipip-crosssubnet-fixed',
    queries: [
      {
        label: 'web (rack A) → db (rack B), full-size packet',
        from: podOf('shop', 'web', 0),
        to: 'svc:shop/db',
        port: 5432,
        protocol: 'TCP',
      },
      {
        label: 'web (rack A) → api (rack A), full-size packet',
        from: podOf('shop', 'web', 0),
        to: 'svc:shop/api',
        port: 8080,
        protocol: 'TCP',
      },
    ],
  },
  build,
);

export const calicoIpipCrossSubnetFixed: Scenario = deriveFix(
  calicoIpipCrossSubnet,
  {
    slug: 'calico-ipip-crosssubnet-fixed',
    title: 'Calico CrossSubnet with pod MTU 1480',
    story:
      'The Installation now sets the pod MTU to 1480, leaving room for the 20-byte IP-in-IP header on the cross-rack paths. ' +
      'Same-rack traffic is still routed without encapsulation; cross-rack packets fit after wrapping.',
  },
  [
    {
      op: 'merge',
      target: { kind: 'Installation', name: 'default' },
      patch: { spec: { calicoNetwork: { mtu: 1480 } }, status: { mtu: 1480 } },
    },
  ],
);
