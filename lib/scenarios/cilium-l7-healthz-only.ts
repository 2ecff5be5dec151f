// A CiliumNetworkPolicy with an HTTP rule that allows only GET /healthz from web to
// api: the connection opens at L3/L4, but Cilium's Envoy proxy answers every other
// request with 403 (docs.cilium.io security/policy/language "Layer 7 Examples").

import type { KubeObject } from '../model/types';
import { addCilium } from './build/cilium';
import { ciliumNetworkPolicy } from './build/cilium-policy';
import { ClusterBuilder } from './build/cluster';
import { addShop, kubeadmNodes } from './build/layout';
import { podOf } from './build/names';
import { deriveFix, defineScenario } from './build/scenario';
import { addCoreDns, addKubeadmBase } from './build/system';
import type { Scenario } from './types';

const NS = 'shop';
const API_IP = '10.96.40.80';

const healthz = { method: 'GET', path: '/healthz' };

function build(): KubeObject[] {
  const b = new ClusterBuilder('cilium');
  addKubeadmBase(
    b,
    kubeadmNodes({
      podNetwork: '10.42.0.0/16',
      workers: 3,
      kernel: '6.1.0-25-amd64',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
    }),
  );
  addCilium(b, {
    routingMode: 'native',
    nativeRoutingCIDR: '10.42.0.0/16',
    kubeProxyReplacement: true,
    bpfLbMode: 'snat',
    version: 'v1.16.1',
  });
  addCoreDns(b, { nodes: ['worker-2', 'worker-3'] });
  addShop(b, {
    namespace: NS,
    webNodes: ['worker-1', 'worker-2'],
    apiNodes: ['worker-2', 'worker-3'],
    dbNode: 'worker-3',
  });
  // Pin the api ClusterIP so the URL queries can name it.
  const objects = b
    .build()
    .map((o) =>
      o.kind === 'Service' && o.metadata.namespace === NS && o.metadata.name === 'api'
        ? { ...o, spec: { ...(o.spec as Record<string, unknown>), clusterIP: API_IP, clusterIPs: [API_IP] } }
        : o,
    );
  return [
    ...objects,
    ciliumNetworkPolicy('api-ingress-l7', NS, {
      description: 'web may call api over HTTP; the proxy checks each request',
      endpointSelector: { matchLabels: { app: 'api' } },
      ingress: [
        {
          fromEndpoints: [{ matchLabels: { app: 'web' } }],
          toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }], rules: { http: [healthz] } }],
        },
      ],
    }),
  ];
}

export const ciliumL7HealthzOnly: Scenario = defineScenario(
  {
    slug: 'cilium-l7-healthz-only',
    title: 'Cilium L7 rule allows only GET /healthz',
    story:
      'The web frontend gets "403 Access denied" from api for every order request, yet health checks pass and the TCP connection opens fine. ' +
      "The CiliumNetworkPolicy api-ingress-l7 was copied from the health-check example: its HTTP rule allows only GET /healthz, so Cilium's Envoy proxy refuses GET /api/orders before api ever sees it.",
    tags: ['Cilium', 'CiliumNetworkPolicy', 'L7 policy', 'Envoy', 'native routing'],
    settings: { underlayMTU: 1500 },
    fixedBy: 'cilium-l7-orders-allowed',
    queries: [
      {
        label: 'web → GET /api/orders (refused by the proxy)',
        from: podOf(NS, 'web', 0),
        to: `http://${API_IP}:8080/api/orders`,
        port: 8080,
        protocol: 'TCP',
        method: 'GET',
      },
      {
        label: 'web → GET /healthz (allowed)',
        from: podOf(NS, 'web', 0),
        to: `http://${API_IP}:8080/healthz`,
        port: 8080,
        protocol: 'TCP',
        method: 'GET',
      },
      {
        label: 'web → api on TCP 8080 (L4: the proxy decides per request)',
        from: podOf(NS, 'web', 0),
        to: `svc:${NS}/api`,
        port: 8080,
        protocol: 'TCP',
      },
    ],
  },
  build,
);

/** The documented fix: the HTTP rule list gains the orders API. */
export const ciliumL7OrdersAllowed: Scenario = deriveFix(
  ciliumL7HealthzOnly,
  {
    slug: 'cilium-l7-orders-allowed',
    title: 'Cilium L7 rule allows the orders API',
    story:
      'api-ingress-l7 now lists GET /api/orders(/.*)? beside GET /healthz, so the proxy forwards order requests from web. ' +
      'Anything else — POST, other paths — still gets 403 from the proxy, which is what the rule was meant to do.',
  },
  [
    {
      op: 'merge',
      target: { kind: 'CiliumNetworkPolicy', name: 'api-ingress-l7', namespace: NS },
      patch: {
        spec: {
          ingress: [
            {
              fromEndpoints: [{ matchLabels: { app: 'web' } }],
              toPorts: [
                {
                  ports: [{ port: '8080', protocol: 'TCP' }],
                  rules: { http: [healthz, { method: 'GET', path: '/api/orders(/.*)?' }] },
                },
              ],
            },
          ],
        },
      },
    },
  ],
);
