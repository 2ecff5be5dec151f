// ingress-nginx behind a MetalLB LoadBalancer with externalTrafficPolicy Cluster: the
// receiving node may forward to a controller pod on another node and SNATs the client to
// its own address, so access logs and geo rules see node IPs.

import { addIngressNginx, shopCustomerQueries, shopIngress } from './build/ingress-nginx';
import { addShop } from './build/layout';
import { addMetalLB, ipAddressPool, l2Advertisement, serviceL2Status } from './build/metallb';
import { deriveFix, defineScenario } from './build/scenario';
import { calicoVxlanCluster } from './build/calico-vxlan-cluster';
import type { Scenario } from './types';

const LB_IP = '192.168.1.240';
const CLIENT = 'ip:198.51.100.23';

export const clientIpLostEtpCluster: Scenario = defineScenario(
  {
    slug: 'client-ip-lost-etp-cluster',
    title: 'Client IP lost behind ingress-nginx (externalTrafficPolicy: Cluster)',
    story:
      "The shop's access logs and the GDPR geo-blocking rules see 192.168.1.x node addresses instead of real customers. " +
      'The ingress-nginx controller Service is a MetalLB LoadBalancer left at externalTrafficPolicy: Cluster: worker-3 answers ARP for it, runs no controller pod, and forwards to one on another node after SNATing the client to its own IP.',
    tags: ['Calico', 'VXLAN', 'MetalLB L2', 'ingress-nginx', 'iptables'],
    settings: { underlayMTU: 1500 },
    fixedBy: 'client-ip-kept-etp-local',
    queries: shopCustomerQueries(CLIENT),
  },
  () => {
    const b = calicoVxlanCluster({
      underlay: '192.168.1',
      podNetwork: '10.244.0.0/16',
      workers: 3,
      coreDnsNodes: ['worker-1', 'worker-3'],
    });
    addMetalLB(b);
    b.add(
      ipAddressPool('public-pool', ['192.168.1.240-192.168.1.250']),
      l2Advertisement('public-l2', ['public-pool']),
    );
    addIngressNginx(b, {
      nodes: ['worker-1', 'worker-2'],
      externalTrafficPolicy: 'Cluster',
      loadBalancerIP: LB_IP,
      nodePorts: { http: 31080, https: 31443 },
    });
    // With externalTrafficPolicy Cluster any speaker may win; here worker-3, which runs no controller pod.
    b.add(serviceL2Status('ingress-nginx', 'ingress-nginx-controller', 'worker-3'));
    addShop(b, {
      namespace: 'shop',
      webNodes: ['worker-2', 'worker-3'],
      apiNodes: ['worker-1', 'worker-3'],
      dbNode: 'worker-3',
    });
    b.add(shopIngress(LB_IP));
    return b.build();
  },
);

/** The documented fix: `kubectl -n ingress-nginx patch svc ingress-nginx-controller -p '{"spec":{"externalTrafficPolicy":"Local"}}'`. */
export const clientIpKeptEtpLocal: Scenario = deriveFix(
  clientIpLostEtpCluster,
  {
    slug: 'client-ip-kept-etp-local',
    title: 'Client IP kept: externalTrafficPolicy Local on the ingress controller',
    story:
      "The controller Service now uses externalTrafficPolicy: Local: MetalLB moves the announcement to worker-1, which runs a ready controller pod, and kube-proxy delivers there without SNAT, so nginx sees the customer's address. " +
      'The price: worker-3 runs no controller pod, so its node port answers nothing and the health check node port marks it down — by design.',
    queries: [
      ...clientIpLostEtpCluster.queries,
      {
        label: 'node port on worker-3 (no controller pod there)',
        from: CLIENT,
        to: 'http://192.168.1.13:31080/',
        port: 31080,
        protocol: 'TCP',
      },
    ],
  },
  [
    {
      op: 'merge',
      target: { kind: 'Service', name: 'ingress-nginx-controller', namespace: 'ingress-nginx' },
      patch: { spec: { externalTrafficPolicy: 'Local', healthCheckNodePort: 32081 } },
    },
    // MetalLB moves the announcement to a node with a ready local endpoint.
    {
      op: 'delete',
      target: {
        kind: 'ServiceL2Status',
        name: serviceL2Status('ingress-nginx', 'ingress-nginx-controller', 'worker-3').metadata.name ?? '',
        namespace: 'metallb-system',
      },
    },
    { op: 'add', objects: [serviceL2Status('ingress-nginx', 'ingress-nginx-controller', 'worker-1')] },
  ],
);
