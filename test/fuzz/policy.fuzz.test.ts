// The NetworkPolicy evaluator against a small reference evaluator written here from the
// spec (https://kubernetes.io/docs/concepts/services-networking/network-policies/ and the
// NetworkPolicySpec API reference,
// https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/):
// - a pod is isolated for a direction when some policy of its namespace selects it and
//   lists that direction in policyTypes; policyTypes defaults to Ingress, plus Egress "if
//   the NetworkPolicy has any egress rules";
// - an isolated direction allows what the union of the selecting policies' rules allows;
//   a connection needs the source's egress and the destination's ingress;
// - a rule with no (or an empty) from/to matches every peer, with no (or empty) ports every
//   port; a port entry's protocol defaults to TCP, without a port it matches every port;
// - peers: podSelector alone = pods of the policy's namespace, namespaceSelector alone =
//   every pod of the matching namespaces, both = matching pods in matching namespaces;
//   an empty selector {} matches everything.
// Random policies over 4 pods in 2 namespaces; every ordered pair on TCP/UDP 80/443.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadModel, parseText, snapshotFromObjects } from '../../lib/ingest';
import { evaluateConnection } from '../../lib/engine/policy/evaluate';
import { FUZZ_TIMEOUT, fuzzParams } from './fuzz-config';

type Labels = Record<string, string>;
type Selector = { matchLabels?: Labels };
type Peer = { podSelector?: Selector; namespaceSelector?: Selector };
type Port = { protocol?: 'TCP' | 'UDP'; port?: number };
type Rule = { peers?: Peer[]; ports?: Port[] };
interface Policy {
  name: string;
  namespace: string;
  podSelector: Selector;
  policyTypes?: ('Ingress' | 'Egress')[];
  ingress?: Rule[];
  egress?: Rule[];
}

const NS: Record<string, Labels> = { a: { team: 'a' }, b: { team: 'b' } };
const PODS = [
  { ns: 'a', name: 'x', labels: { app: 'x' }, ip: '10.0.0.1' },
  { ns: 'a', name: 'y', labels: { app: 'y' }, ip: '10.0.0.2' },
  { ns: 'b', name: 'x', labels: { app: 'x' }, ip: '10.0.0.3' },
  { ns: 'b', name: 'z', labels: { app: 'z' }, ip: '10.0.0.4' },
];
type Pod = (typeof PODS)[number];

// ---- the reference, straight from the spec text above ----
const matches = (sel: Selector, labels: Labels) =>
  Object.entries(sel.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
const typesOf = (p: Policy) => p.policyTypes ?? ['Ingress', ...(p.egress?.length ? ['Egress' as const] : [])];
function peerMatches(peer: Peer, policyNs: string, pod: Pod): boolean {
  if (peer.namespaceSelector === undefined)
    return pod.ns === policyNs && matches(peer.podSelector ?? {}, pod.labels);
  return matches(peer.namespaceSelector, NS[pod.ns]!) && matches(peer.podSelector ?? {}, pod.labels);
}
function ruleMatches(rule: Rule, policyNs: string, peer: Pod, protocol: string, port: number): boolean {
  const peerOk = !rule.peers?.length || rule.peers.some((p) => peerMatches(p, policyNs, peer));
  const portOk =
    !rule.ports?.length ||
    rule.ports.some((p) => (p.protocol ?? 'TCP') === protocol && (p.port === undefined || p.port === port));
  return peerOk && portOk;
}
function directionAllows(
  policies: Policy[],
  dir: 'Ingress' | 'Egress',
  subject: Pod,
  peer: Pod,
  protocol: string,
  port: number,
) {
  const selecting = policies.filter(
    (p) => p.namespace === subject.ns && matches(p.podSelector, subject.labels) && typesOf(p).includes(dir),
  );
  if (selecting.length === 0) return true;
  return selecting.some((p) =>
    ((dir === 'Ingress' ? p.ingress : p.egress) ?? []).some((r) =>
      ruleMatches(r, p.namespace, peer, protocol, port),
    ),
  );
}
const referenceAllows = (policies: Policy[], src: Pod, dst: Pod, protocol: string, port: number) =>
  directionAllows(policies, 'Egress', src, dst, protocol, port) &&
  directionAllows(policies, 'Ingress', dst, src, protocol, port);

// ---- arbitraries ----
const podSel: fc.Arbitrary<Selector> = fc.oneof(
  fc.constant({}),
  fc.constantFrom('x', 'y', 'z').map((app) => ({ matchLabels: { app } })),
);
const nsSel: fc.Arbitrary<Selector> = fc.oneof(
  fc.constant({}),
  fc.constantFrom('a', 'b').map((team) => ({ matchLabels: { team } })),
);
const peer: fc.Arbitrary<Peer> = fc.oneof(
  podSel.map((podSelector) => ({ podSelector })),
  nsSel.map((namespaceSelector) => ({ namespaceSelector })),
  fc.tuple(nsSel, podSel).map(([namespaceSelector, podSelector]) => ({ namespaceSelector, podSelector })),
);
const port: fc.Arbitrary<Port> = fc.record(
  { protocol: fc.constantFrom('TCP' as const, 'UDP' as const), port: fc.constantFrom(80, 443) },
  { requiredKeys: [] },
);
const rule: fc.Arbitrary<Rule> = fc.record(
  { peers: fc.array(peer, { maxLength: 2 }), ports: fc.array(port, { maxLength: 2 }) },
  { requiredKeys: [] },
);
const policy = (i: number): fc.Arbitrary<Policy> =>
  fc.record(
    {
      name: fc.constant(`p${i}`),
      namespace: fc.constantFrom('a', 'b'),
      podSelector: podSel,
      policyTypes: fc.constantFrom<('Ingress' | 'Egress')[]>(['Ingress'], ['Egress'], ['Ingress', 'Egress']),
      ingress: fc.array(rule, { maxLength: 2 }),
      egress: fc.array(rule, { maxLength: 2 }),
    },
    { requiredKeys: ['name', 'namespace', 'podSelector'] },
  );
const policies = fc
  .integer({ min: 0, max: 3 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => policy(i))));

// ---- the engine's view of the same objects ----
function manifest(ps: Policy[]): string {
  const items: unknown[] = [
    ...Object.entries(NS).map(([name, labels]) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels },
    })),
    ...PODS.map((p, i) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: p.name, namespace: p.ns, labels: p.labels },
      spec: { nodeName: `n${i % 2}`, containers: [{ name: 'c', image: 'i' }] },
      status: { podIP: p.ip },
    })),
    ...ps.map((p) => {
      const side = (rules: Rule[] | undefined, key: 'from' | 'to') =>
        rules?.map((r) => ({
          ...(r.peers ? { [key]: r.peers } : {}),
          ...(r.ports ? { ports: r.ports } : {}),
        }));
      return {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: p.name, namespace: p.namespace },
        spec: {
          podSelector: p.podSelector,
          ...(p.policyTypes ? { policyTypes: p.policyTypes } : {}),
          ...(p.ingress ? { ingress: side(p.ingress, 'from') } : {}),
          ...(p.egress ? { egress: side(p.egress, 'to') } : {}),
        },
      };
    }),
  ];
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
}

describe('fuzz: NetworkPolicy evaluator against the spec reference', () => {
  it(
    'agrees on every pod pair, protocol and port',
    () => {
      fc.assert(
        fc.property(policies, (ps) => {
          const { snapshot } = snapshotFromObjects([parseText(manifest(ps), 'policies.json')], {
            kind: 'files',
            title: 'fuzz',
          });
          const model = loadModel(snapshot);
          for (const src of PODS)
            for (const dst of PODS) {
              if (src === dst) continue;
              for (const protocol of ['TCP', 'UDP'] as const)
                for (const p of [80, 443]) {
                  const v = evaluateConnection(
                    model,
                    { type: 'pod', pod: model.pods.get(`${src.ns}/${src.name}`)! },
                    { type: 'pod', pod: model.pods.get(`${dst.ns}/${dst.name}`)! },
                    protocol,
                    p,
                  );
                  expect(v.allowed, `${src.ns}/${src.name} → ${dst.ns}/${dst.name} ${protocol} ${p}`).toBe(
                    referenceAllows(ps, src, dst, protocol, p),
                  );
                }
            }
        }),
        fuzzParams(100),
      );
    },
    FUZZ_TIMEOUT,
  );
});
