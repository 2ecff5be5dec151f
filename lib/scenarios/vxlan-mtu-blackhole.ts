// Calico VXLAN with the pod MTU left at 1500 on a 1500-byte underlay: every full-size
// packet between nodes grows to 1550 bytes at encapsulation and is dropped silently.

import { addCalico } from './build/calico';
import { ClusterBuilder } from './build/cluster';
import { addShop, kubeadmNodes, type ShopOptions } from './build/layout';
import { podOf } from './build/names';
import { deriveFix, defineScenario } from './build/scenario';
import { addCoreDns, addKubeadmBase, addKubeProxy } from './build/system';
import type { Change } from './build/patch';
import type { KubeObject } from '../model/types';
import type { Scenario } from './types';

const NS = 'shop';

/** The faulty cluster: Calico VXLAN with pod MTU and Felix's vxlanMTU pinned at 1500 on a 1500-byte underlay. */
export function vxlanMtuCluster(workers: number, shop: ShopOptions): readonly KubeObject[] {
  const b = new ClusterBuilder('calico-vxlan');
  addKubeadmBase(b, kubeadmNodes({ podNetwork: '192.168.0.0/16', workers }));
  addCalico(b, {
    cidr: '192.168.0.0/16',
    encapsulation: 'VXLAN',
    bgp: 'Disabled',
    mtu: 1500,
    felixMTU: 1500,
  });
  addKubeProxy(b, { mode: 'iptables', clusterCIDR: '192.168.0.0/16' });
  addCoreDns(b, { nodes: ['worker-1', 'worker-2'] });
  addShop(b, shop);
  return b.build();
}

/** The documented fix: pod MTU 1450 in the Installation (status follows) and in Felix's vxlanMTU. */
export const POD_MTU_1450: readonly Change[] = [
  {
    op: 'merge',
    target: { kind: 'Installation', name: 'default' },
    patch: { spec: { calicoNetwork: { mtu: 1450 } }, status: { mtu: 1450 } },
  },
  {
    op: 'merge',
    target: { kind: 'FelixConfiguration', name: 'default' },
    patch: { spec: { vxlanMTU: 1450 } },
  },
];
const web = (i: number) => podOf(NS, 'web', i);

export const vxlanMtuBlackhole: Scenario = defineScenario(
  {
    slug: 'vxlan-mtu-blackhole',
    title: 'VXLAN MTU black hole: large requests hang between nodes',
    story:
      'Health checks and small API calls work, but large POSTs from web to the database hang until they time out — only when the pods sit on different nodes. ' +
      'Calico wraps pod traffic in VXLAN (50 bytes), yet the Installation pins the pod MTU at 1500 on a 1500-byte underlay, so every full-size packet becomes 1550 bytes and the node NIC drops it without a word.',
    tags: ['Calico', 'VXLAN', 'MTU', 'iptables'],
    settings: { underlayMTU: 1500 },
    fixedBy: 'vxlan-mtu-fixed',
    queries: [
      {
        label: 'web → db across nodes, full-size packet',
        from: web(0),
        to: `svc:${NS}/db`,
        port: 5432,
        protocol: 'TCP',
      },
      {
        label: 'web → api on the same node',
        from: web(0),
        to: podOf(NS, 'api', 0),
        port: 8080,
        protocol: 'TCP',
      },
      {
        label: 'web → db across nodes, small health check',
        from: web(0),
        to: `svc:${NS}/db`,
        port: 5432,
        protocol: 'TCP',
        size: 120,
      },
    ],
  },
  () =>
    vxlanMtuCluster(3, {
      namespace: NS,
      webNodes: ['worker-1', 'worker-2', 'worker-3'],
      apiNodes: ['worker-1', 'worker-3'],
      dbNode: 'worker-2',
    }),
);

/** The documented fix: `kubectl patch installation default --type=merge -p '{"spec":{"calicoNetwork":{"mtu":1450}}}'`. */
export const vxlanMtuFixed: Scenario = deriveFix(
  vxlanMtuBlackhole,
  {
    slug: 'vxlan-mtu-fixed',
    title: 'VXLAN MTU fixed: pod MTU 1450',
    story:
      'The Installation now sets the pod MTU to 1450 (and Felix follows), leaving room for the 50-byte VXLAN header on the 1500-byte underlay. ' +
      'Full-size packets between nodes fit after encapsulation, so large POSTs and TLS handshakes go through.',
  },
  POD_MTU_1450,
);
