// Grouping, match tables and pair pruning must not change any answer: on random small
// clusters (namespaces with labels, workloads of several pods, named container ports,
// host-network pods on nodes, NetworkPolicies with random selectors, policy types,
// pod/namespace/ipBlock peers and ports, an AdminNetworkPolicy and a baseline now and
// then), computeReach equals the per-pair evaluator (allowedConnections) called for
// every pair of peers, at every granularity, with ipBlocks matching pods or not,
// host-network pods as nodes or as pods, scoped to a namespace or not, in both
// connection views. Node peers follow the rule computeReach applies: a pod and its own
// node always connect (Kubernetes docs, "Network Policies": "traffic to and from the
// node where a Pod is running is always allowed").

import { describe, expect, it } from 'vitest';
import { prng } from '../../../bench/generate';
import { loadModel } from '../../ingest';
import type { ClusterModel, KubeObject, Pod } from '../../model/types';
import {
  ALL_CONNECTIONS,
  formatConnections,
  formatIPv4Interval,
  formatPortProtocols,
  isEmptyConnections,
  numberToIPv4,
} from '../net';
import { detectCni } from '../platform/detect-cni';
import { allowedConnections } from '../policy/evaluate';
import { hostNetworkAddress } from '../policy/host-network';
import { evaluateOptionsOf, ipBlockRule } from '../policy/ipblock-rule';
import type { PeerEndpoint } from '../policy/types';
import { computeReach, type ReachOptions } from './compute-reach';
import { destinationRanges, sourceRanges } from './ip-ranges';
import { byteOrder, peerNameOf, reachPeers, REACH_GRANULARITIES } from './peers';

type Rand = () => number;
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const some = <T>(rand: Rand, items: readonly T[], max: number): T[] =>
  Array.from({ length: Math.floor(rand() * (max + 1)) }, () => pick(rand, items));

const TIERS = ['web', 'api', 'db'];
const BLOCKS = [
  { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] },
  { cidr: '10.1.0.0/16' },
  { cidr: '10.1.1.0/24', except: ['10.1.1.128/25'] },
  { cidr: '192.168.0.0/24' },
  { cidr: '203.0.113.0/24' },
];

function selector(rand: Rand): Record<string, unknown> {
  return pick(rand, [
    {},
    { matchLabels: { tier: pick(rand, TIERS) } },
    { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: [pick(rand, TIERS)] }] },
    { matchLabels: { app: `app-${Math.floor(rand() * 3)}` } },
  ]);
}

function nsSelector(rand: Rand): Record<string, unknown> {
  return pick(rand, [{}, { matchLabels: { env: pick(rand, ['prod', 'dev']) } }]);
}

function netpolPeer(rand: Rand): Record<string, unknown> {
  return pick(rand, [
    { podSelector: selector(rand) },
    { namespaceSelector: nsSelector(rand) },
    { namespaceSelector: nsSelector(rand), podSelector: selector(rand) },
    { ipBlock: pick(rand, BLOCKS) },
  ]);
}

function netpolPorts(rand: Rand): Record<string, unknown>[] {
  return some(
    rand,
    [
      { port: 'http' },
      { port: 8080, protocol: 'TCP' },
      { port: 53, protocol: 'UDP' },
      { port: 8000, endPort: 8100 },
      { protocol: 'SCTP' },
    ],
    2,
  );
}

function netpolRule(rand: Rand, side: 'from' | 'to'): Record<string, unknown> {
  const peers = rand() < 0.2 ? [] : some(rand, [0, 1, 2], 2).map(() => netpolPeer(rand));
  return { ...(peers.length ? { [side]: peers } : {}), ports: netpolPorts(rand) };
}

function adminPeer(rand: Rand, side: 'from' | 'to'): Record<string, unknown> {
  return pick(rand, [
    { namespaces: nsSelector(rand) },
    { pods: { namespaceSelector: nsSelector(rand), podSelector: selector(rand) } },
    // networks peers exist only in egress rules (the ANP API).
    ...(side === 'to' ? [{ networks: [pick(rand, ['10.1.0.0/16', '192.168.0.0/24', '0.0.0.0/0'])] }] : []),
  ]);
}

function adminRule(rand: Rand, side: 'from' | 'to', actions: readonly string[], i: number) {
  return {
    name: `r${i}`,
    action: pick(rand, actions),
    [side]: [adminPeer(rand, side)],
    ...(rand() < 0.5 ? { ports: [{ portNumber: { protocol: 'TCP', port: pick(rand, [80, 8080]) } }] } : {}),
  };
}

/** A random cluster: 2-3 namespaces, 2-4 workloads each, 2 nodes running host-network pods. */
function randomCluster(seed: number): KubeObject[] {
  const rand = prng(seed);
  const objects: KubeObject[] = [];
  const nodes = ['node-a', 'node-b'];
  nodes.forEach((name, i) =>
    objects.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name },
      status: { addresses: [{ type: 'InternalIP', address: `192.168.0.${10 + i}` }] },
    } as KubeObject),
  );
  let ip = 2;
  const pod = (ns: string, name: string, labels: Record<string, string>, extra: Record<string, unknown>) =>
    ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: ns, labels, ...(extra.metadata as object) },
      spec: extra.spec,
      status: extra.status,
    }) as KubeObject;
  for (const [i, node] of nodes.entries())
    objects.push(
      pod(
        'kube-system',
        `agent-${i}`,
        { app: 'agent' },
        {
          metadata: {
            ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', controller: true }],
          },
          spec: { nodeName: node, hostNetwork: true, containers: [{ name: 'agent', image: 'agent' }] },
          status: {
            phase: 'Running',
            podIP: `192.168.0.${10 + i}`,
            hostIP: `192.168.0.${10 + i}`,
            conditions: [{ type: 'Ready', status: 'True' }],
          },
        },
      ),
    );
  const namespaces = [
    'kube-system',
    ...Array.from({ length: 2 + Math.floor(rand() * 2) }, (_, n) => `ns-${n}`),
  ];
  for (const ns of namespaces) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { env: pick(rand, ['prod', 'dev']) } },
    } as KubeObject);
    if (ns === 'kube-system') continue;
    const workloads = 2 + Math.floor(rand() * 3);
    for (let w = 0; w < workloads; w++) {
      const labels = { app: `app-${w}`, tier: pick(rand, TIERS) };
      const port = pick(rand, [8080, 8081, 9090]);
      const replicas = 1 + Math.floor(rand() * 3);
      for (let r = 0; r < replicas; r++) {
        // Some pods sit in 10.1.1.128/25 (cut out of one block), some in 10.2/16 (in no block).
        const addr = rand() < 0.2 ? `10.2.0.${ip++}` : `10.1.${rand() < 0.5 ? 1 : 0}.${ip++}`;
        objects.push(
          pod(ns, `app-${w}-${r}`, labels, {
            metadata: {
              ownerReferences: [
                { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `app-${w}-rs`, controller: true },
              ],
            },
            spec: {
              nodeName: pick(rand, nodes),
              containers: [
                {
                  name: 'main',
                  image: 'app',
                  ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
                },
              ],
            },
            status: { phase: 'Running', podIP: addr, conditions: [{ type: 'Ready', status: 'True' }] },
          }),
        );
      }
    }
    const policies = Math.floor(rand() * 5);
    for (let k = 0; k < policies; k++) {
      const types = pick(rand, [['Ingress'], ['Egress'], ['Ingress', 'Egress']]);
      objects.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: `np-${k}`, namespace: ns },
        spec: {
          podSelector: selector(rand),
          policyTypes: types,
          ...(types.includes('Ingress')
            ? { ingress: some(rand, [0], 2).map(() => netpolRule(rand, 'from')) }
            : {}),
          ...(types.includes('Egress')
            ? { egress: some(rand, [0], 2).map(() => netpolRule(rand, 'to')) }
            : {}),
        },
      } as KubeObject);
    }
  }
  if (rand() < 0.5)
    objects.push({
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'AdminNetworkPolicy',
      metadata: { name: 'admin' },
      spec: {
        priority: 10,
        subject: pick(rand, [
          { namespaces: nsSelector(rand) },
          { pods: { namespaceSelector: nsSelector(rand), podSelector: selector(rand) } },
        ]),
        ingress: [0, 1].map((i) => adminRule(rand, 'from', ['Allow', 'Deny', 'Pass'], i)),
        egress: [0, 1].map((i) => adminRule(rand, 'to', ['Allow', 'Deny', 'Pass'], i)),
      },
    } as KubeObject);
  if (rand() < 0.4)
    objects.push({
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'BaselineAdminNetworkPolicy',
      metadata: { name: 'default' },
      spec: {
        subject: { namespaces: nsSelector(rand) },
        ingress: [adminRule(rand, 'from', ['Allow', 'Deny'], 0)],
        egress: [adminRule(rand, 'to', ['Allow', 'Deny'], 0)],
      },
    } as KubeObject);
  return objects;
}

/** Every pair the per-pair evaluator allows, as `from => to : conns`, the way computeReach names them. */
function perPair(model: ClusterModel, options: ReachOptions): string[] {
  const policy = evaluateOptionsOf(ipBlockRule(detectCni(model), options.ipblockPods));
  const format = options.protocols === 'tcp-udp-sctp' ? formatPortProtocols : formatConnections;
  const asNodes = (options.hostNetwork ?? 'node') === 'node';
  const peers = reachPeers(
    model,
    options.granularity,
    (p) => asNodes && hostNetworkAddress(p) !== undefined,
  ).peers;
  const inScope = (ns: string | undefined) => options.namespace === undefined || ns === options.namespace;
  const out: string[] = [];
  const add = (from: string, to: string, a: PeerEndpoint, b: PeerEndpoint) => {
    const conns = allowedConnections(model, a, b, policy);
    if (isEmptyConnections(conns)) return;
    const text = format(conns);
    if (text !== 'No Connections') out.push(`${from} => ${to} : ${text}`);
  };
  const ip = (n: number): PeerEndpoint => ({ type: 'ip', ip: numberToIPv4(n) });
  const podEp = (pod: Pod): PeerEndpoint => ({ type: 'pod', pod });
  for (const p of peers) {
    if (inScope(p.namespace)) {
      for (const r of sourceRanges(model))
        add(`${formatIPv4Interval(r)}[External]`, p.name, ip(r[0]), podEp(p.pod));
      for (const r of destinationRanges(model))
        add(p.name, `${formatIPv4Interval(r)}[External]`, podEp(p.pod), ip(r[0]));
    }
    for (const q of peers)
      if (q !== p && (inScope(p.namespace) || inScope(q.namespace)))
        add(p.name, q.name, podEp(p.pod), podEp(q.pod));
  }
  if (asNodes) {
    const nodes = new Map<string, string>();
    for (const pod of model.pods.values()) {
      const addr = hostNetworkAddress(pod);
      if (addr && pod.nodeName && !nodes.has(pod.nodeName)) nodes.set(pod.nodeName, addr);
    }
    const all = formatConnections(ALL_CONNECTIONS);
    for (const [node, addr] of nodes)
      for (const p of peers) {
        if (!inScope(p.namespace)) continue;
        const own = [...model.pods.values()].some(
          (pod) => peerNameOf(pod, options.granularity) === p.name && pod.nodeName === node,
        );
        if (own) out.push(`${node}[Node] => ${p.name} : ${all}`, `${p.name} => ${node}[Node] : ${all}`);
        else {
          add(`${node}[Node]`, p.name, { type: 'ip', ip: addr }, podEp(p.pod));
          add(p.name, `${node}[Node]`, podEp(p.pod), { type: 'ip', ip: addr });
        }
      }
  }
  return out.sort(byteOrder);
}

describe('computeReach on random clusters', () => {
  for (let seed = 1; seed <= 24; seed++) {
    const rand = prng(1000 + seed);
    const options: ReachOptions = {
      granularity: pick(rand, REACH_GRANULARITIES),
      ...(rand() < 0.7 ? { ipblockPods: pick(rand, ['match', 'outside'] as const) } : {}),
      hostNetwork: pick(rand, ['node', 'pod'] as const),
      ...(rand() < 0.3 ? { namespace: 'ns-0' } : {}),
      ...(rand() < 0.3 ? { protocols: 'tcp-udp-sctp' as const } : {}),
    };
    it(`equals the per-pair evaluator, seed ${seed} (${JSON.stringify(options)})`, () => {
      const model = loadModel({
        meta: { kind: 'files', title: `random ${seed}` },
        settings: {},
        objects: randomCluster(seed),
      });
      const expected = perPair(model, options);
      const actual = computeReach(model, options).pairs.map((p) => `${p.from} => ${p.to} : ${p.conn}`);
      expect(actual.length).toBeGreaterThan(0);
      expect([...actual].sort(byteOrder)).toEqual(expected);
    });
  }
});
