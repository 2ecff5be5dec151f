// An Ingress from a GitOps repository (no status anywhere: the snapshot is the rendered
// manifests) behind ingress-nginx on a MetalLB LoadBalancer. The tracer infers the entry
// the way the controller is wired — IngressClass nginx → controller k8s.io/ingress-nginx →
// the controller Deployment's pods → the LoadBalancer Service selecting them — and finds
// that MetalLB will never give that Service an address: its only pool is autoAssign: false
// and the Service does not ask for it.

import { addIngressNginx, shopCustomerQueries, shopIngress } from './build/ingress-nginx';
import { addShop } from './build/layout';
import { addMetalLB, ipAddressPool, l2Advertisement } from './build/metallb';
import { deriveFix, defineScenario } from './build/scenario';
import { calicoVxlanCluster } from './build/calico-vxlan-cluster';
import type { Scenario } from './types';

const CLIENT = 'ip:198.51.100.23';
const POD_NETWORK = '10.244.0.0/16';

export const ingressManifestsMetallb: Scenario = defineScenario(
  {
    slug: 'ingress-manifests-metallb',
    title: 'Ingress from GitOps manifests: the controller Service never gets an address',
    story:
      "Argo CD synced the shop's Ingress and the ingress-nginx chart, but https://shop.example.no/ does not answer. The manifests carry no status, so the path is inferred from the class: " +
      "IngressClass nginx → ingress-nginx controller pods → their LoadBalancer Service. MetalLB's only pool, ingress-public, is autoAssign: false (reserved for requests by name), and the controller Service does not ask for it, so it stays <pending>.",
    tags: ['Calico', 'VXLAN', 'MetalLB L2', 'ingress-nginx', 'GitOps'],
    settings: { underlayMTU: 1500 },
    fixedBy: 'ingress-manifests-metallb-fixed',
    queries: shopCustomerQueries(CLIENT),
  },
  () => {
    const b = calicoVxlanCluster({
      underlay: '192.168.1',
      podNetwork: POD_NETWORK,
      workers: 3,
      coreDnsNodes: ['worker-1', 'worker-2'],
    });
    addMetalLB(b);
    b.add(
      ipAddressPool('ingress-public', ['192.168.1.240-192.168.1.244'], false),
      l2Advertisement('ingress-public', ['ingress-public']),
    );
    addIngressNginx(b, {
      nodes: ['worker-1', 'worker-2'],
      externalTrafficPolicy: 'Local',
      nodePorts: { http: 31080, https: 31443 },
    });
    addShop(b, {
      namespace: 'shop',
      webNodes: ['worker-2', 'worker-3'],
      apiNodes: ['worker-1', 'worker-3'],
      dbNode: 'worker-3',
    });
    b.add(shopIngress());
    return b.build();
  },
);

/** The documented fix (MetalLB "Requesting specific IPs"/pool selection): ask for the pool by name. */
export const ingressManifestsMetallbFixed: Scenario = deriveFix(
  ingressManifestsMetallb,
  {
    slug: 'ingress-manifests-metallb-fixed',
    title: 'Ingress from GitOps manifests: the controller Service asks for its pool',
    story:
      'The chart values now annotate the controller Service with metallb.io/address-pool: ingress-public, so MetalLB assigns 192.168.1.240 and a speaker on a node with a controller pod announces it (externalTrafficPolicy Local). ' +
      "The Ingress still has no status in the manifests; the path is the same inference, now reaching the controller pod, the Ingress rule and the shop pods, with the customer's address intact up to nginx.",
  },
  [
    {
      op: 'merge',
      target: { kind: 'Service', name: 'ingress-nginx-controller', namespace: 'ingress-nginx' },
      patch: { metadata: { annotations: { 'metallb.io/address-pool': 'ingress-public' } } },
    },
  ],
);
