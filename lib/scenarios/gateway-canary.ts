// Gateway API canary: /api/v2 on butikk.example.no split 90/10 between the stable API and
// a canary owned by another team in another namespace. Without a ReferenceGrant in that
// namespace the 10 % branch is refused (HTTP 500 from Envoy for that share of requests).

import type { KubeObject } from '../model/types';
import {
  addEnvoyGateway,
  gateway,
  gatewayClass,
  httpRoute,
  referenceGrant,
  type HTTPRouteInput,
} from './build/gateway';
import { addShop } from './build/layout';
import { addMetalLB, ipAddressPool, l2Advertisement, serviceL2Status } from './build/metallb';
import { condition } from './build/meta';
import { deriveFix, defineScenario } from './build/scenario';
import { calicoVxlanCluster } from './build/calico-vxlan-cluster';
import type { Scenario } from './types';

const GW_IP = '192.168.1.241';
const CLIENT = 'ip:198.51.100.23';

function storeRoute(resolved: boolean): HTTPRouteInput {
  return {
    name: 'store-route',
    namespace: 'production',
    parent: { name: 'external-gateway', sectionName: 'http' },
    hostnames: ['butikk.example.no'],
    rules: [
      {
        matches: [{ path: { type: 'PathPrefix', value: '/api/v2' } }],
        filters: [
          {
            type: 'RequestHeaderModifier',
            requestHeaderModifier: { add: [{ name: 'X-Region-Context', value: 'no-osl-1' }] },
          },
        ],
        backendRefs: [
          { name: 'api-service', port: 8080, weight: 90 },
          { name: 'api-canary', namespace: 'canary', port: 8080, weight: 10 },
        ],
      },
      { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'web', port: 80 }] },
    ],
    ...(resolved
      ? {}
      : {
          unresolved: {
            reason: 'RefNotPermitted',
            message: 'Backend ref to Service canary/api-canary not permitted by any ReferenceGrant.',
          },
        }),
  };
}

function build(): KubeObject[] {
  const b = calicoVxlanCluster({
    underlay: '192.168.1',
    podNetwork: '10.244.0.0/16',
    workers: 3,
    coreDnsNodes: ['worker-1', 'worker-2'],
  });
  addMetalLB(b);
  b.add(
    ipAddressPool('public-pool', ['192.168.1.240-192.168.1.250']),
    l2Advertisement('public-l2', ['public-pool']),
  );
  b.add(gatewayClass('eg'));
  const { proxyService } = addEnvoyGateway(b, {
    nodes: ['worker-1', 'worker-2'],
    gatewayName: 'external-gateway',
    gatewayNamespace: 'production',
    address: GW_IP,
    ports: [80, 443],
  });
  b.add(serviceL2Status('envoy-gateway-system', proxyService, 'worker-2'));
  addShop(b, {
    namespace: 'production',
    webNodes: ['worker-1', 'worker-3'],
    apiNodes: ['worker-2'],
    dbNode: 'worker-3',
  });
  b.deployment({
    name: 'api-service',
    namespace: 'production',
    labels: { app: 'api-service', track: 'stable' },
    nodes: ['worker-1', 'worker-2', 'worker-3'],
    containers: [
      {
        name: 'api',
        image: 'registry.example.no/butikk/api:4.8.2',
        ports: [{ name: 'http', containerPort: 8080 }],
      },
    ],
  });
  b.service({
    name: 'api-service',
    namespace: 'production',
    selector: { app: 'api-service' },
    ports: [{ name: 'http', port: 8080, targetPort: 'http' }],
  });
  b.namespace('canary', { team: 'api-platform' });
  b.deployment({
    name: 'api-canary',
    namespace: 'canary',
    labels: { app: 'api-canary', track: 'canary' },
    nodes: ['worker-3'],
    containers: [
      {
        name: 'api',
        image: 'registry.example.no/butikk/api:4.9.0-rc.1',
        ports: [{ name: 'http', containerPort: 8080 }],
      },
    ],
  });
  b.service({
    name: 'api-canary',
    namespace: 'canary',
    selector: { app: 'api-canary' },
    ports: [{ name: 'http', port: 8080, targetPort: 'http' }],
  });
  b.add(
    gateway(
      'external-gateway',
      'production',
      'eg',
      [
        {
          name: 'http',
          port: 80,
          protocol: 'HTTP',
          hostname: '*.example.no',
          allowedFrom: 'Same',
          attachedRoutes: 1,
        },
        {
          name: 'https',
          port: 443,
          protocol: 'HTTPS',
          hostname: '*.example.no',
          allowedFrom: 'Same',
          attachedRoutes: 0,
          tlsSecret: 'wildcard-example-no',
        },
      ],
      GW_IP,
    ),
    httpRoute(storeRoute(false)),
  );
  return b.build();
}

export const gatewayCanary: Scenario = defineScenario(
  {
    slug: 'gateway-canary',
    title: 'Gateway API canary: the 10 % branch is refused',
    story:
      'We moved butikk.example.no from Ingress annotations to the Gateway API and send 10 % of /api/v2 to the canary build, which the API platform team runs in its own namespace. ' +
      'About one request in ten now fails with HTTP 500: the HTTPRoute in production points at Service canary/api-canary, and without a ReferenceGrant in canary that backendRef is not permitted (ResolvedRefs=False, RefNotPermitted).',
    tags: ['Gateway API', 'Envoy Gateway', 'canary', 'MetalLB L2', 'Calico'],
    settings: { underlayMTU: 1500 },
    fixedBy: 'gateway-canary-fixed',
    queries: [
      {
        label: 'customer → http://butikk.example.no/api/v2/orders',
        from: CLIENT,
        to: 'http://butikk.example.no/api/v2/orders',
        port: 80,
        protocol: 'TCP',
      },
      {
        label: 'customer → http://butikk.example.no/ (storefront)',
        from: CLIENT,
        to: 'http://butikk.example.no/',
        port: 80,
        protocol: 'TCP',
      },
    ],
  },
  build,
);

/** The documented fix: a ReferenceGrant in canary allowing HTTPRoutes from production. */
export const gatewayCanaryFixed: Scenario = deriveFix(
  gatewayCanary,
  {
    slug: 'gateway-canary-fixed',
    title: 'Gateway API canary with ReferenceGrant',
    story:
      'The API platform team added a ReferenceGrant in canary that lets HTTPRoutes from production reference api-canary. ' +
      'The route resolves all its backends: 90 % of /api/v2 goes to api-service and 10 % to the canary, each request tagged X-Region-Context: no-osl-1.',
  },
  [
    { op: 'add', objects: [referenceGrant('allow-production-routes', 'canary', 'production', 'api-canary')] },
    {
      op: 'merge',
      target: { kind: 'HTTPRoute', name: 'store-route', namespace: 'production' },
      patch: {
        status: {
          parents: [
            {
              ...((httpRoute(storeRoute(true))['status'] as { parents: Record<string, unknown>[] })
                .parents[0] ?? {}),
              conditions: [
                condition('Accepted', 'True', 41, 'Accepted', 'Route is accepted', { observedGeneration: 1 }),
                condition(
                  'ResolvedRefs',
                  'True',
                  61,
                  'ResolvedRefs',
                  'Resolved all the Object references for the Route',
                  { observedGeneration: 1 },
                ),
              ],
            },
          ],
        },
      },
    },
  ],
);
