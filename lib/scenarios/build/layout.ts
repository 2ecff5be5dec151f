// Shared building blocks of the demo clusters: a kubeadm node layout and the "shop"
// application (web → api → db) that most stories run.

import type { ClusterBuilder } from './cluster';
import type { NodeInput } from './node';
import { subnet } from './ip';

export interface LayoutOptions {
  /** Underlay /24 of the nodes, e.g. `10.0.0` → 10.0.0.10 (control plane), .11, .12 ... */
  readonly underlay?: string;
  readonly podNetwork: string;
  readonly workers: number;
  readonly zones?: readonly string[];
  readonly kernel?: string;
  readonly osImage?: string;
}

/** One control-plane node and N workers spread over zones, podCIDR /24 each. */
export function kubeadmNodes(o: LayoutOptions): NodeInput[] {
  const underlay = o.underlay ?? '10.0.0';
  const zones = o.zones ?? ['no-osl-1a', 'no-osl-1b', 'no-osl-1c'];
  const nodes: NodeInput[] = [
    {
      name: 'cp-1',
      ip: `${underlay}.10`,
      podCIDR: subnet(o.podNetwork, 24, 0),
      zone: zones[0] ?? 'no-osl-1a',
      controlPlane: true,
      kernelVersion: o.kernel,
      osImage: o.osImage,
    },
  ];
  for (let i = 1; i <= o.workers; i++) {
    nodes.push({
      name: `worker-${i}`,
      ip: `${underlay}.${10 + i}`,
      podCIDR: subnet(o.podNetwork, 24, i),
      zone: zones[(i - 1) % zones.length] ?? 'no-osl-1a',
      kernelVersion: o.kernel,
      osImage: o.osImage,
    });
  }
  return nodes;
}

export interface ShopOptions {
  readonly namespace: string;
  readonly webNodes: readonly string[];
  readonly apiNodes: readonly string[];
  readonly dbNode: string;
  readonly namespaceLabels?: Record<string, string>;
}

/** The shop: web (nginx + app), api, and a PostgreSQL StatefulSet, each behind a Service. */
export function addShop(b: ClusterBuilder, o: ShopOptions): void {
  const ns = o.namespace;
  b.namespace(ns, o.namespaceLabels ?? {});
  const part = { 'app.kubernetes.io/part-of': 'shop' };
  b.deployment({
    name: 'web',
    namespace: ns,
    labels: { app: 'web' },
    workloadLabels: { app: 'web', ...part },
    nodes: o.webNodes,
    containers: [
      {
        name: 'web',
        image: 'registry.example.no/shop/web:2.14.1',
        ports: [
          { name: 'http', containerPort: 8080 },
          { name: 'metrics', containerPort: 9102 },
        ],
      },
    ],
  });
  b.deployment({
    name: 'api',
    namespace: ns,
    labels: { app: 'api' },
    workloadLabels: { app: 'api', ...part },
    nodes: o.apiNodes,
    containers: [
      {
        name: 'api',
        image: 'registry.example.no/shop/api:5.3.0',
        ports: [
          { name: 'http', containerPort: 8080 },
          { name: 'grpc', containerPort: 9090 },
        ],
      },
    ],
  });
  b.statefulSet({
    name: 'db',
    namespace: ns,
    labels: { app: 'db' },
    workloadLabels: { app: 'db', ...part },
    nodes: [o.dbNode],
    serviceName: 'db-headless',
    containers: [
      {
        name: 'postgres',
        image: 'docker.io/library/postgres:16.4',
        ports: [{ name: 'postgres', containerPort: 5432 }],
      },
    ],
  });
  b.service({
    name: 'db-headless',
    namespace: ns,
    headless: true,
    selector: { app: 'db' },
    labels: { app: 'db' },
    ports: [{ name: 'postgres', port: 5432, targetPort: 'postgres' }],
  });
  b.service({
    name: 'db',
    namespace: ns,
    selector: { app: 'db' },
    labels: { app: 'db' },
    ports: [{ name: 'postgres', port: 5432, targetPort: 'postgres' }],
  });
  b.service({
    name: 'web',
    namespace: ns,
    selector: { app: 'web' },
    labels: { app: 'web' },
    ports: [{ name: 'http', port: 80, targetPort: 'http' }],
  });
  b.service({
    name: 'api',
    namespace: ns,
    selector: { app: 'api' },
    labels: { app: 'api' },
    ports: [
      { name: 'http', port: 8080, targetPort: 'http' },
      { name: 'grpc', port: 9090, targetPort: 'grpc' },
    ],
  });
}
