// Deterministic synthetic cluster generator for benchmarks and the large scenarios: N nodes,
// team namespaces, ~P pods in Deployments, S Services (with EndpointSlices) and
// NetworkPolicies, all laid out by the same ClusterBuilder as the hand-written scenarios.
// A seeded PRNG (xorshift32) picks replica counts, node placement and policy peers, so the
// same parameters always give byte-identical objects.

import type { KubeObject } from '../../model/types';
import { addCalico } from '../build/calico';
import { addEnvoyGateway, gateway, gatewayClass, httpRoute } from '../build/gateway';
import { addIngressNginx, ingress } from '../build/ingress-nginx';
import { ClusterBuilder } from '../build/cluster';
import { wordStream } from '../build/ids';
import { subnet } from '../build/ip';
import { podOf } from '../build/names';
import type { NodeInput } from '../build/node';
import { allowDns, defaultDenyAll, networkPolicy } from '../build/policy';
import { addControlPlane, addCoreDns, addKubeProxy, type KubeProxyMode } from '../build/system';

export interface LargeClusterParams {
  readonly seed: string;
  /** Worker nodes (plus one control-plane node). At most 4,000. */
  readonly nodes: number;
  readonly namespaces: number;
  /** Target number of application pods (system pods come on top). */
  readonly pods: number;
  /** Application Services; each app gets one, the rest are extra ports/aliases of apps. */
  readonly services: number;
  /** NetworkPolicies: per namespace a default deny and allow-dns, then allow rules between apps. */
  readonly policies: number;
  readonly kubeProxyMode?: KubeProxyMode;
  readonly encapsulation?: 'VXLAN' | 'None';
  /**
   * Every Nth app policy is an egress allowance to the internet by ipBlock (0.0.0.0/0 except
   * the private ranges) instead of a pod-to-pod allow. Off by default (the scenarios' output
   * stays as it was).
   */
  readonly ipBlockEvery?: number;
  /** Edge routing: ingress-nginx with Ingresses and Envoy Gateway with HTTPRoutes to app Services. */
  readonly edge?: { readonly ingresses: number; readonly httpRoutes: number };
}

export const DEFAULT_LARGE_CLUSTER: LargeClusterParams = {
  seed: 'packetpath-large',
  nodes: 50,
  namespaces: 40,
  pods: 5000,
  services: 1500,
  policies: 200,
  kubeProxyMode: 'ipvs',
  encapsulation: 'VXLAN',
};

const POD_NETWORK = '10.64.0.0/12';
const WORDS = [
  'checkout',
  'cart',
  'catalog',
  'payments',
  'ledger',
  'search',
  'orders',
  'invoice',
  'shipping',
  'pricing',
  'inventory',
  'reviews',
  'auth',
  'profile',
  'notify',
  'reports',
  'billing',
  'quotes',
  'media',
  'gateway',
];

export function namespaceName(index: number): string {
  return `team-${String(index + 1).padStart(2, '0')}`;
}

export function appName(index: number): string {
  return `${WORDS[index % WORDS.length] ?? 'app'}-${Math.floor(index / WORDS.length) + 1}`;
}

/** Namespace of app `index`: apps are dealt round-robin over the namespaces. */
export function appNamespace(p: LargeClusterParams, index: number): string {
  return namespaceName(index % p.namespaces);
}

/** `pod:NS/NAME` of the first pod of app `index`, for queries against a generated cluster. */
export function appPodRef(p: LargeClusterParams, index: number): string {
  return podOf(appNamespace(p, index), appName(index), 0);
}

export function generatorNodes(count: number): NodeInput[] {
  const zones = ['no-osl-1a', 'no-osl-1b', 'no-osl-1c'];
  const nodes: NodeInput[] = [
    {
      name: 'cp-1',
      ip: '10.0.0.10',
      prefixLength: 16,
      podCIDR: subnet(POD_NETWORK, 24, 0),
      zone: 'no-osl-1a',
      controlPlane: true,
    },
  ];
  for (let i = 1; i <= count; i++) {
    nodes.push({
      name: `node-${String(i).padStart(3, '0')}`,
      ip: `10.0.${Math.floor(i / 200)}.${10 + (i % 200)}`,
      prefixLength: 16,
      podCIDR: subnet(POD_NETWORK, 24, i),
      zone: zones[i % zones.length] ?? 'no-osl-1a',
    });
  }
  return nodes;
}

/** The app sizes: replica counts (1-6) drawn until the pod target is met. */
function appReplicas(p: LargeClusterParams, next: () => number): number[] {
  const out: number[] = [];
  let total = 0;
  while (total < p.pods) {
    const r = Math.min(1 + (next() % 6), p.pods - total);
    out.push(r);
    total += r;
  }
  return out;
}

export function generateLargeCluster(p: LargeClusterParams = DEFAULT_LARGE_CLUSTER): KubeObject[] {
  if (p.nodes < 1 || p.nodes > 4000) throw new RangeError(`nodes must be 1..4000, got ${p.nodes}`);
  if (p.namespaces < 1) throw new RangeError('namespaces must be at least 1');
  const next = wordStream(p.seed);
  const b = new ClusterBuilder(p.encapsulation === 'None' ? 'calico-bgp' : 'calico-vxlan', {
    calicoBlockPrefix: 24,
  });
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) b.namespace(ns);
  const nodes = generatorNodes(p.nodes);
  nodes.forEach((n) => b.node(n));
  addControlPlane(b, 'cp-1');
  b.kubernetesService();
  const workers = nodes.filter((n) => !n.controlPlane).map((n) => n.name);
  addCalico(b, {
    cidr: POD_NETWORK,
    encapsulation: p.encapsulation ?? 'VXLAN',
    bgp: p.encapsulation === 'None' ? 'Enabled' : 'Disabled',
    ...(p.encapsulation === 'None' ? {} : { mtu: 1450 }),
  });
  addKubeProxy(b, {
    mode: p.kubeProxyMode ?? 'iptables',
    clusterCIDR: POD_NETWORK,
    ...(p.kubeProxyMode === 'ipvs' ? { scheduler: 'rr', strictARP: true } : {}),
  });
  addCoreDns(b, { nodes: workers.slice(0, 2) });
  for (let j = 0; j < p.namespaces; j++)
    b.namespace(namespaceName(j), { team: namespaceName(j), env: j % 4 === 0 ? 'staging' : 'production' });

  const replicas = appReplicas(p, next);
  const perNode = Math.ceil(p.pods / workers.length);
  if (perNode > 240) throw new RangeError(`${p.pods} pods on ${workers.length} nodes exceed a /24 per node`);
  let slot = 0;
  replicas.forEach((r, i) => {
    const placed: string[] = [];
    for (let k = 0; k < r; k++) placed.push(workers[(slot++ + (next() % 3)) % workers.length] ?? 'node-001');
    b.deployment({
      name: appName(i),
      namespace: appNamespace(p, i),
      labels: { app: appName(i), tier: i % 3 === 0 ? 'frontend' : 'backend' },
      nodes: placed,
      containers: [
        {
          name: 'app',
          image: `registry.example.no/${appNamespace(p, i)}/${appName(i)}:1.${next() % 40}.${next() % 10}`,
          ports: [
            { name: 'http', containerPort: 8080 },
            { name: 'metrics', containerPort: 9102 },
          ],
        },
      ],
    });
  });
  const apps = replicas.length;
  for (let s = 0; s < p.services; s++) {
    const i = s % apps;
    const round = Math.floor(s / apps);
    const name =
      round === 0 ? appName(i) : round === 1 ? `${appName(i)}-metrics` : `${appName(i)}-alias-${round - 1}`;
    b.service({
      name,
      namespace: appNamespace(p, i),
      selector: { app: appName(i) },
      labels: { app: appName(i) },
      ports:
        round === 1
          ? [{ name: 'metrics', port: 9102, targetPort: 'metrics' }]
          : [{ name: 'http', port: 8080, targetPort: 'http' }],
    });
  }
  let policies = 0;
  for (let j = 0; j < p.namespaces && policies + 2 <= p.policies; j++) {
    b.add(defaultDenyAll(namespaceName(j)), allowDns(namespaceName(j)));
    policies += 2;
  }
  for (let k = 0; policies < p.policies; k++, policies++) {
    const to = k % apps;
    if (p.ipBlockEvery && k % p.ipBlockEvery === p.ipBlockEvery - 1) {
      b.add(
        networkPolicy(`egress-${k}-internet-${appName(to)}`, appNamespace(p, to), {
          egress: [
            {
              ports: [{ port: 443, protocol: 'TCP' }],
              to: [
                { ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } },
              ],
            },
          ],
          podSelector: { matchLabels: { app: appName(to) } },
          policyTypes: ['Egress'],
        }),
      );
      continue;
    }
    // k = 0 opens app 1 → app 0, so a query can rely on one allowed cross-team flow.
    const from = (to + 1 + ((k * 7) % Math.max(1, apps - 1))) % apps;
    b.add(
      networkPolicy(`ingress-${k}-from-${appName(from)}`, appNamespace(p, to), {
        ingress: [
          {
            from: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': appNamespace(p, from) } },
                podSelector: { matchLabels: { app: appName(from) } },
              },
            ],
            ports: [{ port: 'http', protocol: 'TCP' }],
          },
        ],
        podSelector: { matchLabels: { app: appName(to) } },
        policyTypes: ['Ingress'],
      }),
    );
    // The matching egress allowance on the caller's side, in its own namespace.
    if (policies + 1 < p.policies) {
      policies++;
      b.add(
        networkPolicy(`egress-${k}-to-${appName(to)}`, appNamespace(p, from), {
          egress: [
            {
              ports: [{ port: 8080, protocol: 'TCP' }],
              to: [
                {
                  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': appNamespace(p, to) } },
                  podSelector: { matchLabels: { app: appName(to) } },
                },
              ],
            },
          ],
          podSelector: { matchLabels: { app: appName(from) } },
          policyTypes: ['Egress'],
        }),
      );
    }
  }
  if (p.edge) addEdge(b, p, p.edge, workers, apps);
  return b.build();
}

/** ingress-nginx and Envoy Gateway in front of the first apps' Services, one host per route. */
function addEdge(
  b: ClusterBuilder,
  p: LargeClusterParams,
  edge: NonNullable<LargeClusterParams['edge']>,
  workers: readonly string[],
  apps: number,
): void {
  addIngressNginx(b, {
    nodes: workers.slice(0, 2),
    externalTrafficPolicy: 'Local',
    loadBalancerIP: '192.0.2.10',
  });
  for (let i = 0; i < edge.ingresses; i++) {
    const app = i % apps;
    b.add(
      ingress(
        `${appName(app)}-${i}`,
        appNamespace(p, app),
        [
          {
            host: `${appName(app)}-${i}.apps.example.no`,
            paths: [{ path: '/', pathType: 'Prefix', service: appName(app), port: 8080 }],
          },
        ],
        '192.0.2.10',
      ),
    );
  }
  if (edge.httpRoutes === 0) return;
  b.add(gatewayClass('eg'));
  addEnvoyGateway(b, {
    nodes: workers.slice(2, 4),
    gatewayName: 'public',
    gatewayNamespace: 'envoy-gateway-system',
    address: '192.0.2.20',
    ports: [80],
  });
  b.add(
    gateway(
      'public',
      'envoy-gateway-system',
      'eg',
      [
        {
          name: 'http',
          port: 80,
          protocol: 'HTTP',
          hostname: '*.example.no',
          allowedFrom: 'All',
          attachedRoutes: edge.httpRoutes,
        },
      ],
      '192.0.2.20',
    ),
  );
  for (let i = 0; i < edge.httpRoutes; i++) {
    const app = (i * 3 + 1) % apps;
    b.add(
      httpRoute({
        name: `${appName(app)}-route-${i}`,
        namespace: appNamespace(p, app),
        parent: { name: 'public', namespace: 'envoy-gateway-system', sectionName: 'http' },
        hostnames: [`${appName(app)}-${i}.gw.example.no`],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/' } }],
            backendRefs: [{ name: appName(app), port: 8080 }],
          },
        ],
      }),
    );
  }
}
