// Bare metal LoadBalancers: nothing assigns an IP (pending forever), then a MetalLB pool
// assigns one but no L2Advertisement announces it, then the L2Advertisement that fixes it.

import type { KubeObject } from '../model/types';
import { addShop } from './build/layout';
import { addMetalLB, ipAddressPool, l2Advertisement, serviceL2Status } from './build/metallb';
import { deriveFix, defineScenario } from './build/scenario';
import { calicoVxlanCluster } from './build/calico-vxlan-cluster';
import type { Scenario } from './types';

const LB_IP = '192.168.1.240';
const CLIENT = 'ip:198.51.100.23';
const NODE_PORT = 30880;

/**
 * The shop on bare metal. With `metallb`, MetalLB is installed last (so every other object
 * is identical to the pending cluster) with a pool that assigned storefront its IP.
 */
function buildBareMetal(metallb: boolean): KubeObject[] {
  const b = calicoVxlanCluster({
    underlay: '192.168.1',
    podNetwork: '10.244.0.0/16',
    workers: 3,
    coreDnsNodes: ['worker-1', 'worker-2'],
  });
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
    ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: NODE_PORT }],
    ...(metallb
      ? {
          annotations: { 'metallb.universe.tf/ip-allocated-from-pool': 'public-pool' },
          loadBalancerIngress: [LB_IP],
        }
      : {}),
  });
  // The back-office UI was exposed the quick way while the LoadBalancer stayed pending.
  b.service({
    name: 'backoffice',
    namespace: 'shop',
    type: 'NodePort',
    selector: { app: 'api' },
    labels: { app: 'api' },
    ports: [{ name: 'http', port: 8080, targetPort: 'http', nodePort: 30900 }],
  });
  if (metallb) {
    addMetalLB(b);
    b.add(ipAddressPool('public-pool', ['192.168.1.240-192.168.1.250']));
  }
  return b.build();
}

export const lbPendingNoMetallb: Scenario = defineScenario(
  {
    slug: 'lb-pending-no-metallb',
    title: 'LoadBalancer stuck in <pending> on bare metal',
    story:
      'We moved the shop from a managed cloud to our own VPS nodes and `kubectl get svc storefront` has said EXTERNAL-IP <pending> for two days. ' +
      'Nothing in this cluster implements type LoadBalancer — no cloud controller, no MetalLB — so the Service only works through its node port on every node.',
    tags: ['Calico', 'VXLAN', 'LoadBalancer', 'bare metal'],
    settings: { underlayMTU: 1500 },
    fixedBy: 'metallb-l2-advertised',
    queries: [
      {
        label: 'customer → node port on worker-1 (the only way in)',
        from: CLIENT,
        to: `http://192.168.1.11:${NODE_PORT}/`,
        port: NODE_PORT,
        protocol: 'TCP',
      },
    ],
  },
  () => buildBareMetal(false),
);

export const metallbPoolNotAdvertised: Scenario = defineScenario(
  {
    slug: 'metallb-pool-not-advertised',
    title: 'MetalLB assigns the IP but nobody announces it',
    story:
      'We installed MetalLB and created an IPAddressPool; storefront finally shows EXTERNAL-IP 192.168.1.240, yet curl from outside just times out and `arping 192.168.1.240` gets no reply. ' +
      'Since MetalLB 0.13 a pool only hands out addresses: without an L2Advertisement (or BGPAdvertisement) selecting it, no speaker answers ARP for the IP.',
    tags: ['Calico', 'VXLAN', 'MetalLB', 'LoadBalancer', 'bare metal'],
    settings: { underlayMTU: 1500 },
    fixedBy: 'metallb-l2-advertised',
    queries: [
      {
        label: 'customer → http://192.168.1.240/',
        from: CLIENT,
        to: `http://${LB_IP}/`,
        port: 80,
        protocol: 'TCP',
      },
    ],
  },
  () => buildBareMetal(true),
);

/** The documented fix: an L2Advertisement selecting the pool. */
export const metallbL2Advertised: Scenario = deriveFix(
  metallbPoolNotAdvertised,
  {
    slug: 'metallb-l2-advertised',
    title: 'MetalLB L2 advertisement: the LoadBalancer answers',
    story:
      'An L2Advertisement now selects public-pool, so one speaker (on worker-2) answers ARP for 192.168.1.240 and kube-proxy spreads the traffic to the storefront pods. ' +
      "All of the IP's traffic enters through that one node, and failover to another speaker takes a few seconds.",
  },
  [
    {
      op: 'add',
      objects: [
        l2Advertisement('public-l2', ['public-pool']),
        serviceL2Status('shop', 'storefront', 'worker-2'),
      ],
    },
  ],
);
