// Deterministic synthetic cluster for benchmarks: namespaces, Deployments standing for
// their pods (as live Pods with IPs and owner references), Services, and a realistic
// mix of NetworkPolicies (default deny, tier-to-tier allows, named ports, ipBlocks,
// cross-namespace selectors) plus one AdminNetworkPolicy and a baseline. A seeded PRNG
// (mulberry32) makes every run produce the same objects.

import type { KubeObject, Snapshot } from '../lib/model/types';

export interface GenerateOptions {
  readonly seed?: number;
  readonly namespaces?: number;
  readonly workloadsPerNamespace?: number;
  readonly pods?: number;
}

/** mulberry32: small, fast, good enough for picking test data; never Math.random. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TIERS = ['web', 'api', 'db', 'cache', 'worker'] as const;

export function generateCluster(options: GenerateOptions = {}): Snapshot {
  const rand = prng(options.seed ?? 42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const nsCount = options.namespaces ?? 20;
  const perNs = options.workloadsPerNamespace ?? 25;
  const podTotal = options.pods ?? 5000;
  const podsPerWorkload = Math.max(1, Math.floor(podTotal / (nsCount * perNs)));
  const objects: KubeObject[] = [];
  let podIndex = 0;
  for (let n = 0; n < nsCount; n++) {
    const ns = `team-${n}`;
    const env = n % 3 === 0 ? 'prod' : 'dev';
    objects.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { env, team: `t${n}` } },
    });
    for (let w = 0; w < perNs; w++) {
      const name = `app-${w}`;
      const tier = pick(TIERS);
      const port = 8000 + Math.floor(rand() * 100);
      const labels = { app: name, tier, version: `v${1 + Math.floor(rand() * 3)}` };
      for (let r = 0; r < podsPerWorkload && podIndex < podTotal; r++, podIndex++) {
        objects.push({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: `${name}-${r}`,
            namespace: ns,
            labels,
            ownerReferences: [
              { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${name}-rs`, controller: true },
            ],
          },
          spec: {
            nodeName: `node-${podIndex % 50}`,
            containers: [
              {
                name: 'main',
                image: 'app:1',
                ports: [
                  { name: 'http', containerPort: port, protocol: 'TCP' },
                  { name: 'metrics', containerPort: 9090 },
                ],
              },
            ],
          },
          status: {
            phase: 'Running',
            podIP: `10.${64 + (podIndex >> 16)}.${(podIndex >> 8) & 255}.${podIndex & 255}`,
            conditions: [{ type: 'Ready', status: 'True' }],
          },
        });
      }
      objects.push({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, namespace: ns },
        spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 'http' }] },
      });
    }
    objects.push(policy(ns, 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }));
    objects.push(
      policy(ns, 'allow-dns', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            ports: [
              { protocol: 'UDP', port: 53 },
              { protocol: 'TCP', port: 53 },
            ],
          },
        ],
      }),
    );
    objects.push(
      policy(ns, 'web-from-anywhere', {
        podSelector: { matchLabels: { tier: 'web' } },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', `192.168.${n}.0/24`] } }],
            ports: [{ port: 'http' }],
          },
        ],
      }),
    );
    objects.push(
      policy(ns, 'api-from-web', {
        podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['api', 'cache'] }] },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              { podSelector: { matchLabels: { tier: 'web' } } },
              { namespaceSelector: { matchLabels: { env } }, podSelector: { matchLabels: { tier: 'api' } } },
            ],
            ports: [{ port: 'http' }, { port: 9090 }],
          },
        ],
      }),
    );
    objects.push(
      policy(ns, 'egress-in-cluster', {
        podSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] },
        policyTypes: ['Egress'],
        egress: [
          { to: [{ namespaceSelector: {} }] },
          {
            to: [{ ipBlock: { cidr: `172.${16 + (n % 16)}.0.0/16` } }],
            ports: [{ port: 443, endPort: 450 }],
          },
        ],
      }),
    );
  }
  objects.push({
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind: 'AdminNetworkPolicy',
    metadata: { name: 'protect-prod' },
    spec: {
      priority: 10,
      subject: { namespaces: { matchLabels: { env: 'prod' } } },
      ingress: [
        {
          name: 'no-dev',
          action: 'Deny',
          from: [{ namespaces: { matchLabels: { env: 'dev' } } }],
          ports: [{ portNumber: { protocol: 'TCP', port: 9090 } }],
        },
      ],
      egress: [{ name: 'audit', action: 'Pass', to: [{ networks: ['10.0.0.0/8'] }] }],
    },
  });
  objects.push({
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind: 'BaselineAdminNetworkPolicy',
    metadata: { name: 'default' },
    spec: {
      subject: { namespaces: {} },
      ingress: [{ name: 'deny-all', action: 'Deny', from: [{ namespaces: {} }] }],
    },
  });
  return { meta: { kind: 'files', title: 'synthetic benchmark cluster' }, settings: {}, objects };
}

function policy(namespace: string, name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}
