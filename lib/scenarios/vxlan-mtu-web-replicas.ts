// The VXLAN MTU black hole seen through a whole Deployment: three web replicas, two on
// worker-1 and one on worker-2 beside the db pod. Traced from the replica beside db the
// path never leaves the node and is delivered; traced from the Deployment, the two
// replicas on worker-1 are dropped at encapsulation. Same cluster faults as
// ./vxlan-mtu-blackhole.ts (pod MTU 1500 + 50 B VXLAN on a 1500-byte underlay).

import { podOf } from './build/names';
import { deriveFix, defineScenario } from './build/scenario';
import type { Scenario } from './types';
import { POD_MTU_1450, vxlanMtuCluster } from './vxlan-mtu-blackhole';

const NS = 'shop';
/** Pod `index` sits on WEB_NODES[index]. */
const WEB_NODES = ['worker-1', 'worker-1', 'worker-2'] as const;
const DB_NODE = 'worker-2';
const besideDb = WEB_NODES.indexOf(DB_NODE);

export const vxlanMtuWebReplicas: Scenario = defineScenario(
  {
    slug: 'vxlan-mtu-web-replicas',
    title: 'VXLAN MTU black hole: web replicas on two nodes, one beside db',
    story:
      'Checkout times out for two requests in three: large queries from web to the database hang, yet tracing the web pod next to db says everything is delivered. ' +
      'Two of the three web replicas run on worker-1 and their packets cross to worker-2 in VXLAN, where the pinned 1500-byte pod MTU grows to 1550 bytes on a 1500-byte underlay and is dropped; only the replica on worker-2 never leaves its node.',
    tags: ['Calico', 'VXLAN', 'MTU', 'replicas'],
    settings: { underlayMTU: 1500 },
    fixedBy: 'vxlan-mtu-web-replicas-fixed',
    queries: [
      {
        label: 'every web replica → db, full-size packet',
        from: `deploy:${NS}/web`,
        to: `svc:${NS}/db`,
        port: 5432,
        protocol: 'TCP',
      },
      {
        label: 'the web pod beside db → db',
        from: podOf(NS, 'web', besideDb),
        to: `svc:${NS}/db`,
        port: 5432,
        protocol: 'TCP',
      },
      {
        label: 'a web pod on worker-1 → db',
        from: podOf(NS, 'web', 0),
        to: `svc:${NS}/db`,
        port: 5432,
        protocol: 'TCP',
      },
    ],
  },
  () =>
    vxlanMtuCluster(2, {
      namespace: NS,
      webNodes: WEB_NODES,
      apiNodes: ['worker-1', 'worker-2'],
      dbNode: DB_NODE,
    }),
);

/** The documented fix, as in ./vxlan-mtu-blackhole.ts: pod MTU 1450 in the Installation and Felix. */
export const vxlanMtuWebReplicasFixed: Scenario = deriveFix(
  vxlanMtuWebReplicas,
  {
    slug: 'vxlan-mtu-web-replicas-fixed',
    title: 'VXLAN MTU fixed: every web replica reaches db',
    story:
      'The Installation now sets the pod MTU to 1450 (and Felix follows), leaving room for the 50-byte VXLAN header on the 1500-byte underlay. ' +
      'The replicas on worker-1 reach db across the overlay like the one beside it.',
  },
  POD_MTU_1450,
);
