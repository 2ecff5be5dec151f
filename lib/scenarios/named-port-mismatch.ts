// A chart upgrade renamed the container port from "http" to "web"; the Service still
// targets "http", so the EndpointSlice lists the pods without that port and every
// connection to the Service is refused, on kube-proxy's nftables data plane.

import type { KubeObject } from '../model/types';
import { addCalico } from './build/calico';
import { ClusterBuilder } from './build/cluster';
import { addShop, kubeadmNodes } from './build/layout';
import { endpointSliceName, podOf } from './build/names';
import { deriveFix, defineScenario } from './build/scenario';
import { addCoreDns, addKubeadmBase, addKubeProxy } from './build/system';
import type { Scenario } from './types';

function build(): KubeObject[] {
  const b = new ClusterBuilder('calico-vxlan');
  const nodes = kubeadmNodes({ podNetwork: '192.168.0.0/16', workers: 3 }).map((n) => ({
    ...n,
    kubeletVersion: 'v1.31.1',
  }));
  addKubeadmBase(b, nodes);
  addCalico(b, { cidr: '192.168.0.0/16', encapsulation: 'VXLAN', bgp: 'Disabled', mtu: 1450 });
  addKubeProxy(b, { mode: 'nftables', clusterCIDR: '192.168.0.0/16' });
  addCoreDns(b, { nodes: ['worker-1', 'worker-2'] });
  addShop(b, {
    namespace: 'shop',
    webNodes: ['worker-1', 'worker-2'],
    apiNodes: ['worker-2', 'worker-3'],
    dbNode: 'worker-3',
  });
  b.deployment({
    name: 'checkout',
    namespace: 'shop',
    labels: { app: 'checkout' },
    nodes: ['worker-2', 'worker-3'],
    workloadLabels: {
      app: 'checkout',
      'app.kubernetes.io/part-of': 'shop',
      'helm.sh/chart': 'checkout-3.0.0',
    },
    containers: [
      {
        name: 'checkout',
        image: 'registry.example.no/shop/checkout:3.0.0',
        ports: [
          { name: 'web', containerPort: 8080 },
          { name: 'metrics', containerPort: 9102 },
        ],
      },
    ],
  });
  b.service({
    name: 'checkout',
    namespace: 'shop',
    selector: { app: 'checkout' },
    labels: { app: 'checkout' },
    ports: [{ name: 'http', port: 80, targetPort: 'http' }],
  });
  return b.build();
}

export const namedPortMismatch: Scenario = defineScenario(
  {
    slug: 'named-port-mismatch',
    title: 'Service targets a port name the pods no longer declare',
    story:
      'Since the checkout chart went to 3.0.0, the web pods get "connection refused" from checkout although both checkout pods are Running and Ready. ' +
      "The new chart renamed the container port from http to web, but the Service still says targetPort: http, so the EndpointSlice carries the pods without any port and kube-proxy's nftables rules reject the connection.",
    tags: ['Calico', 'VXLAN', 'nftables', 'Service', 'named port'],
    settings: { underlayMTU: 1500 },
    fixedBy: 'named-port-fixed',
    queries: [
      {
        label: 'web → checkout Service',
        from: podOf('shop', 'web', 0),
        to: 'svc:shop/checkout',
        port: 80,
        protocol: 'TCP',
      },
    ],
  },
  build,
);

/** The fix: the Service targets the new port name; the EndpointSlice controller follows. */
export const namedPortFixed: Scenario = deriveFix(
  namedPortMismatch,
  {
    slug: 'named-port-fixed',
    title: 'Service targetPort follows the renamed container port',
    story:
      'The Service now targets the container port by its new name, web, and the EndpointSlice controller publishes port 8080 for both checkout pods. ' +
      "kube-proxy's nftables verdict map has endpoints again, and web reaches checkout.",
  },
  [
    {
      op: 'merge',
      target: { kind: 'Service', name: 'checkout', namespace: 'shop' },
      patch: { spec: { ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'web' }] } },
    },
    {
      op: 'merge',
      target: { kind: 'EndpointSlice', name: endpointSliceName('shop', 'checkout'), namespace: 'shop' },
      patch: { ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] },
    },
  ],
);
