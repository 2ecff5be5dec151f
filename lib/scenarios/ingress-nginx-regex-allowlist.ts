// ingress-nginx with a regex API path, TLS (so ssl-redirect answers http with 308) and an
// allowlist on the API Ingress: the office reaches it, a partner outside the listed range
// gets 403 from the controller itself. use-regex on the API Ingress makes every path of the
// host a case-insensitive regex, the web Ingress's included.

import { addIngressNginx, ingress } from './build/ingress-nginx';
import { addShop } from './build/layout';
import { addMetalLB, ipAddressPool, l2Advertisement, serviceL2Status } from './build/metallb';
import { deriveFix, defineScenario } from './build/scenario';
import { calicoVxlanCluster } from './build/calico-vxlan-cluster';
import type { Scenario } from './types';

const LB_IP = '192.168.1.240';
const POD_NETWORK = '10.244.0.0/16';
const OFFICE = '203.0.113.0/24';
const PARTNER = '198.51.100.64/26';
const ALLOW = 'nginx.ingress.kubernetes.io/allowlist-source-range';

export const ingressNginxRegexAllowlist: Scenario = defineScenario(
  {
    slug: 'ingress-nginx-regex-allowlist',
    title: 'ingress-nginx: regex API path, HTTPS redirect and a source allowlist',
    story:
      'The partner integration calling https://shop.example.no/api/v2/orders gets 403 Forbidden, while the office gets through. The API Ingress allows only the office range 203.0.113.0/24 (allowlist-source-range), and nginx answers 403 itself for everyone else. ' +
      'Plain http from the office is answered with a 308 redirect to https (ssl-redirect, the Ingress has TLS), and use-regex on the API Ingress turns every path of the host into a case-insensitive regex.',
    tags: ['Calico', 'VXLAN', 'MetalLB L2', 'ingress-nginx', 'regex', 'allowlist'],
    settings: { underlayMTU: 1500 },
    fixedBy: 'ingress-nginx-allowlist-partner',
    queries: [
      {
        label: 'office → http://shop.example.no/api/v2/orders',
        from: 'ip:203.0.113.10',
        to: 'http://shop.example.no/api/v2/orders',
        port: 80,
        protocol: 'TCP',
      },
      {
        label: 'partner → https://shop.example.no/api/v2/orders',
        from: 'ip:198.51.100.77',
        to: 'https://shop.example.no/api/v2/orders',
        port: 443,
        protocol: 'TCP',
      },
      {
        label: 'office → https://shop.example.no/API/V2/orders',
        from: 'ip:203.0.113.10',
        to: 'https://shop.example.no/API/V2/orders',
        port: 443,
        protocol: 'TCP',
      },
    ],
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
      ipAddressPool('public-pool', ['192.168.1.240-192.168.1.250']),
      l2Advertisement('public-l2', ['public-pool']),
    );
    // externalTrafficPolicy Local: the allowlist judges the client, not a node that SNATed it.
    addIngressNginx(b, {
      nodes: ['worker-1', 'worker-2'],
      externalTrafficPolicy: 'Local',
      loadBalancerIP: LB_IP,
      nodePorts: { http: 31080, https: 31443 },
    });
    b.add(serviceL2Status('ingress-nginx', 'ingress-nginx-controller', 'worker-1'));
    addShop(b, {
      namespace: 'shop',
      webNodes: ['worker-2', 'worker-3'],
      apiNodes: ['worker-1', 'worker-3'],
      dbNode: 'worker-3',
    });
    b.add(
      ingress(
        'shop-api',
        'shop',
        [
          {
            host: 'shop.example.no',
            paths: [
              { path: '/api/v[0-9]+/', pathType: 'ImplementationSpecific', service: 'api', port: 8080 },
            ],
          },
        ],
        LB_IP,
        'shop-example-no-tls',
        {
          'nginx.ingress.kubernetes.io/use-regex': 'true',
          [ALLOW]: OFFICE,
        },
      ),
      ingress(
        'shop-web',
        'shop',
        [
          {
            host: 'shop.example.no',
            paths: [{ path: '/', pathType: 'Prefix', service: 'web', port: 'http' }],
          },
        ],
        LB_IP,
        'shop-example-no-tls',
      ),
    );
    return b.build();
  },
);

/** The fix: the partner's range joins the allowlist (`kubectl annotate ingress … --overwrite`). */
export const ingressNginxAllowlistPartner: Scenario = deriveFix(
  ingressNginxRegexAllowlist,
  {
    slug: 'ingress-nginx-allowlist-partner',
    title: 'ingress-nginx: the partner range joins the allowlist',
    story:
      `allowlist-source-range on the API Ingress now lists ${OFFICE},${PARTNER}, so nginx admits the partner at 198.51.100.77 and proxies to the api pods; the backend sees the controller pod's address and the partner in X-Forwarded-For. ` +
      'Plain http is still answered with a 308 redirect to https, as it should be.',
  },
  [
    {
      op: 'merge',
      target: { kind: 'Ingress', name: 'shop-api', namespace: 'shop' },
      patch: { metadata: { annotations: { [ALLOW]: `${OFFICE},${PARTNER}` } } },
    },
  ],
);
