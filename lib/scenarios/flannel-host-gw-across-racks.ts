// Flannel host-gw on nodes in two racks: host-gw routes each node's pod subnet via the
// node's own address, which works only between nodes on one layer-2 segment. Between the
// racks the kernel refuses the route and pod traffic leaves by the default gateway.

import type { KubeObject } from '../model/types';
import { ClusterBuilder } from './build/cluster';
import { addFlannel } from './build/flannel';
import { addShop } from './build/layout';
import { podOf } from './build/names';
import type { NodeInput } from './build/node';
import { vtepMac } from './build/node';
import type { Change } from './build/patch';
import { deriveFix, defineScenario } from './build/scenario';
import { addCoreDns, addKubeadmBase, addKubeProxy } from './build/system';
import type { Scenario } from './types';

const NODES: NodeInput[] = [
  {
    name: 'cp-1',
    ip: '10.20.1.10',
    prefixLength: 24,
    podCIDR: '10.244.0.0/24',
    zone: 'no-trd-rack-a',
    controlPlane: true,
  },
  { name: 'worker-1', ip: '10.20.1.11', prefixLength: 24, podCIDR: '10.244.1.0/24', zone: 'no-trd-rack-a' },
  { name: 'worker-2', ip: '10.20.1.12', prefixLength: 24, podCIDR: '10.244.2.0/24', zone: 'no-trd-rack-a' },
  { name: 'worker-3', ip: '10.20.2.11', prefixLength: 24, podCIDR: '10.244.3.0/24', zone: 'no-trd-rack-b' },
  { name: 'worker-4', ip: '10.20.2.12', prefixLength: 24, podCIDR: '10.244.4.0/24', zone: 'no-trd-rack-b' },
];

const NET_CONF = (backend: Record<string, unknown>) =>
  JSON.stringify({ Network: '10.244.0.0/16', EnableNFTables: false, Backend: backend }, null, 2) + '\n';

/** Flannel's own node annotations for a backend, plus the subnet the operators stated. */
function nodeAnnotations(n: NodeInput, backend: 'host-gw' | 'vxlan'): Record<string, string> {
  return {
    'flannel.alpha.coreos.com/backend-type': backend,
    'flannel.alpha.coreos.com/backend-data':
      backend === 'vxlan' ? JSON.stringify({ VNI: 1, VtepMAC: vtepMac(n.name) }) : 'null',
    'packetpath.dev/node-subnet': `${n.ip.split('.').slice(0, 3).join('.')}.0/${n.prefixLength ?? 24}`,
  };
}

function build(): KubeObject[] {
  const b = new ClusterBuilder('flannel');
  addKubeadmBase(b, NODES);
  addFlannel(b, { network: '10.244.0.0/16', backend: 'host-gw', ipMasq: true });
  addKubeProxy(b, { mode: 'iptables', clusterCIDR: '10.244.0.0/16' });
  addCoreDns(b, { nodes: ['worker-1', 'worker-3'] });
  addShop(b, {
    namespace: 'shop',
    webNodes: ['worker-1', 'worker-3'],
    apiNodes: ['worker-2'],
    dbNode: 'worker-4',
  });
  return b.build().map((o) => {
    const n = o.kind === 'Node' ? NODES.find((x) => x.name === o.metadata.name) : undefined;
    return n
      ? {
          ...o,
          metadata: {
            ...o.metadata,
            annotations: { ...o.metadata.annotations, ...nodeAnnotations(n, 'host-gw') },
          },
        }
      : o;
  });
}

export const flannelHostGwAcrossRacks: Scenario = defineScenario(
  {
    slug: 'flannel-host-gw-across-racks',
    title: "Flannel host-gw across racks: no route to the other rack's pods",
    story:
      'After rack B was added to the cluster, pods there cannot be reached from rack A at all, while everything inside a rack works. ' +
      "Flannel runs the host-gw backend, which routes each node's pod subnet via that node's address and so needs every node on one layer-2 segment; rack A is 10.20.1.0/24 and rack B 10.20.2.0/24, so the routes between the racks are never installed.",
    tags: ['Flannel', 'host-gw', 'routing', 'layer 2'],
    settings: { underlayMTU: 1500 },
    fixedBy: 'flannel-vxlan-directrouting',
    queries: [
      {
        label: 'web (rack A) → db (rack B)',
        from: podOf('shop', 'web', 0),
        to: 'svc:shop/db',
        port: 5432,
        protocol: 'TCP',
      },
      {
        label: 'web (rack A) → api (rack A)',
        from: podOf('shop', 'web', 0),
        to: 'svc:shop/api',
        port: 8080,
        protocol: 'TCP',
      },
    ],
  },
  build,
);

const FIX: Change[] = [
  {
    op: 'merge',
    target: { kind: 'ConfigMap', name: 'kube-flannel-cfg', namespace: 'kube-flannel' },
    patch: { data: { 'net-conf.json': NET_CONF({ Type: 'vxlan', DirectRouting: true }) } },
  },
  ...NODES.map((n): Change => ({
    op: 'merge',
    target: { kind: 'Node', name: n.name },
    patch: { metadata: { annotations: nodeAnnotations(n, 'vxlan') } },
  })),
];

/** The documented fix: net-conf.json Backend {"Type": "vxlan", "DirectRouting": true}, then a rollout of kube-flannel-ds. */
export const flannelVxlanDirectRouting: Scenario = deriveFix(
  flannelHostGwAcrossRacks,
  {
    slug: 'flannel-vxlan-directrouting',
    title: 'Flannel vxlan with DirectRouting across racks',
    story:
      'The backend is now vxlan with DirectRouting: nodes in one rack still route pod traffic directly via each other, as host-gw did, and only traffic between the racks is wrapped in VXLAN. ' +
      'Flannel sizes pods for the tunnel (1450 on the 1500-byte network), and the pods were restarted to pick it up.',
  },
  FIX,
);
