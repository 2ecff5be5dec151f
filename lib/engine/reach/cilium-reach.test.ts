// Reach on a Cilium cluster: grouping and memoisation must stay exact when rules read
// what NetworkPolicies never read — service accounts, namespace labels, node and API
// server addresses, host vs remote-node (docs.cilium.io security/policy/language,
// "Entities based": host is the local node, remote-node any other). computeReach equals
// a brute-force allowedConnections call for every pair.

import { describe, expect, it } from 'vitest';
import { formatConnections, formatIPv4Interval, isEmptyConnections, numberToIPv4 } from '../net';
import { allowedConnections } from '../policy/evaluate';
import type { PeerEndpoint } from '../policy/types';
import { ciliumModel } from '../policy/testing/cilium-cluster';
import { computeReach } from './compute-reach';
import { destinationRanges, sourceRanges } from './ip-ranges';
import { reachPeers } from './peers';

const POLICIES = `---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: web}
spec:
  endpointSelector: {matchLabels: {app: web}}
  egress:
  - toEntities: [host, kube-apiserver]
  - toEndpoints: [{matchLabels: {io.cilium.k8s.policy.serviceaccount: default}}]
    toPorts: [{ports: [{port: http}]}]
  - toCIDRSet: [{cidr: 198.51.100.0/24, except: [198.51.100.128/25]}]
  egressDeny:
  - toEntities: [remote-node]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: api}}
  ingress:
  - fromEndpoints: [{matchLabels: {io.cilium.k8s.namespace.labels.team: ops}}]
  - fromEntities: [world]
    toPorts: [{ports: [{port: '8080', protocol: TCP}]}]
`;

describe('reach with Cilium policies', () => {
  it('matches brute force for every pair', () => {
    const model = ciliumModel(POLICIES);
    const peers = reachPeers(model, 'pod').peers;
    const expected: string[] = [];
    const add = (from: string, to: string, a: PeerEndpoint, b: PeerEndpoint) => {
      const conns = allowedConnections(model, a, b);
      if (!isEmptyConnections(conns)) expected.push(`${from} => ${to} : ${formatConnections(conns)}`);
    };
    const ip = (n: number): PeerEndpoint => ({ type: 'ip', ip: numberToIPv4(n) });
    for (const r of sourceRanges(model))
      for (const p of peers)
        add(`${formatIPv4Interval(r)}[External]`, p.name, ip(r[0]), { type: 'pod', pod: p.pod });
    for (const p of peers) {
      for (const r of destinationRanges(model))
        add(p.name, `${formatIPv4Interval(r)}[External]`, { type: 'pod', pod: p.pod }, ip(r[0]));
      for (const q of peers)
        if (q !== p) add(p.name, q.name, { type: 'pod', pod: p.pod }, { type: 'pod', pod: q.pod });
    }
    const actual = computeReach(model, { granularity: 'pod' }).pairs.map(
      (p) => `${p.from} => ${p.to} : ${p.conn}`,
    );
    expect([...actual].sort()).toEqual(expected.sort());
    // The node and API server addresses are ranges of their own, decided by entity.
    expect(actual).toContain('shop/web[Pod] => 172.16.0.5-172.16.0.5[External] : All Connections');
    expect(actual).toContain('shop/web[Pod] => 198.51.100.0-198.51.100.127[External] : All Connections');
    expect(actual.some((a) => a.startsWith('shop/web[Pod] => 192.168.0.12-'))).toBe(false); // remote-node denied
    // ops/web is app=web too: its egress allows only the named port of default-SA pods.
    expect(actual).toContain('ops/web[Pod] => shop/api[Pod] : TCP 8080');
  });
});
