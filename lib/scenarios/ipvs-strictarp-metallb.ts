// MetalLB L2 on a cluster whose kube-proxy was switched to IPVS without strictARP: every
// node binds the LoadBalancer address on kube-ipvs0 and answers ARP for it, so the
// router's ARP entry flaps between nodes and connections reset.

import type { KubeObject } from '../model/types';
import { addShop } from './build/layout';
import { addMetalLB, ipAddressPool, l2Advertisement, serviceL2Status } from './build/metallb';
import { deriveFix, defineScenario } from './build/scenario';
import { kubeProxyConfig } from './build/system';
import { calicoVxlanCluster } from './build/calico-vxlan-cluster';
import type { Scenario } from './types';

const LB_IP = '192.168.1.242';
const POD_NETWORK = '10.244.0.0/16';

function build(): KubeObject[] {
  const b = calicoVxlanCluster({
    underlay: '192.168.1',
    podNetwork: POD_NETWORK,
    workers: 3,
    kubeProxy: { mode: 'ipvs', scheduler: 'rr', strictARP: false },
    coreDnsNodes: ['worker-1', 'worker-2'],
  });
  addMetalLB(b);
  b.add(
    ipAddressPool('public-pool', ['192.168.1.240-192.168.1.250']),
    l2Advertisement('public-l2', ['public-pool']),
  );
  addShop(b, {
    namespace: 'shop',
    webNodes: ['worker-1', 'worker-2', 'worker-3'],
    apiNodes: ['worker-2', 'worker-3'],
    dbNode: 'worker-3',
  });
  b.service({
    name: 'storefront',
    namespace: 'shop',
    type: 'LoadBalancer',
    selector: { app: 'web' },
    labels: { app: 'web' },
    annotations: { 'metallb.universe.tf/ip-allocated-from-pool': 'public-pool' },
    loadBalancerIngress: [LB_IP],
    externalTrafficPolicy: 'Local',
    ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 30881 }],
  });
  b.add(serviceL2Status('shop', 'storefront', 'worker-1'));
  return b.build();
}

export const ipvsStrictArpMetallb: Scenario = defineScenario(
  {
    slug: 'ipvs-strictarp-metallb',
    title: 'MetalLB L2 with kube-proxy IPVS and strictARP off',
    story:
      "Since we switched kube-proxy to IPVS, the shop's MetalLB address answers from a different MAC every few minutes and long downloads reset. " +
      'In IPVS mode every node binds 192.168.1.242 on kube-ipvs0, and with strictARP false each of them replies to ARP for it, fighting the MetalLB speaker that should be the only one.',
    tags: ['Calico', 'VXLAN', 'MetalLB L2', 'IPVS', 'bare metal'],
    settings: { underlayMTU: 1500 },
    fixedBy: 'ipvs-strictarp-enabled',
    queries: [
      {
        label: 'customer → http://192.168.1.242/',
        from: 'ip:198.51.100.23',
        to: `http://${LB_IP}/`,
        port: 80,
        protocol: 'TCP',
      },
    ],
  },
  build,
);

/** The documented fix (MetalLB installation guide): strictARP true in the kube-proxy ConfigMap. */
export const ipvsStrictArpEnabled: Scenario = deriveFix(
  ipvsStrictArpMetallb,
  {
    slug: 'ipvs-strictarp-enabled',
    title: 'MetalLB L2 with kube-proxy IPVS and strictARP on',
    story:
      'kube-proxy now runs with ipvs.strictARP: true (arp_ignore=1, arp_announce=2), so nodes no longer answer ARP for addresses that only live on kube-ipvs0. ' +
      "Only the elected MetalLB speaker answers for 192.168.1.242, and with externalTrafficPolicy Local the customer's address reaches the storefront pods.",
  },
  [
    {
      op: 'merge',
      target: { kind: 'ConfigMap', name: 'kube-proxy', namespace: 'kube-system' },
      patch: {
        data: {
          'config.conf': kubeProxyConfig({
            mode: 'ipvs',
            scheduler: 'rr',
            strictARP: true,
            clusterCIDR: POD_NETWORK,
          }),
        },
      },
    },
  ],
);
