// Reach on a Calico cluster goes through the same decision function: computeReach
// equals brute-force allowedConnections for every pair, with classes that tell apart
// what Calico selectors read (service accounts, addresses matched by nets).
import { describe, expect, it } from 'vitest';
import { modelOfYaml } from '../../../test/fixtures/ingest/model';
import { formatConnections, formatIPv4Interval, isEmptyConnections, numberToIPv4 } from '../net';
import { allowedConnections } from '../policy/evaluate';
import type { PeerEndpoint } from '../policy/types';
import { computeReach } from './compute-reach';
import { destinationRanges, sourceRanges } from './ip-ranges';
import { reachPeers } from './peers';

const pod = (ns: string, name: string, labels: string, sa: string, ip: string) => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${ns}, labels: {${labels}}}
spec: {serviceAccountName: ${sa}, containers: [{name: c, image: x, ports: [{name: http, containerPort: 8080}]}]}
status: {podIP: ${ip}}
---`;

const yaml = `
apiVersion: v1
kind: Namespace
metadata: {name: a, labels: {env: prod}}
---
apiVersion: v1
kind: Namespace
metadata: {name: b}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: reader, namespace: a, labels: {role: reader}}
---
${pod('a', 'x1', 'app: x', 'reader', '10.1.0.1')}
${pod('a', 'x2', 'app: x', 'default', '10.1.0.2')}
${pod('a', 'y', 'app: y', 'default', '10.1.0.3')}
${pod('b', 'z1', 'app: z', 'default', '10.2.0.1')}
${pod('b', 'z2', 'app: z', 'default', '10.2.0.9')}
apiVersion: projectcalico.org/v3
kind: GlobalNetworkSet
metadata: {name: partner, labels: {net: partner}}
spec: {nets: [198.51.100.0/24]}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: y-ingress}
spec:
  selector: app == "y"
  ingress:
  - {action: Allow, protocol: TCP, source: {serviceAccounts: {selector: role == "reader"}}, destination: {ports: [http]}}
  - {action: Allow, protocol: UDP, source: {nets: [10.2.0.0/29]}}
  - {action: Allow, protocol: TCP, source: {selector: net == "partner"}}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: z-egress, namespace: b}
spec: {selector: app == "z", egress: [{action: Deny, destination: {notNets: [10.1.0.0/16]}}, {action: Allow}]}
`;

describe('computeReach on Calico', () => {
  it('matches brute force', () => {
    const model = modelOfYaml(yaml);
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
    // The service account and the address tell x1 from x2 and z1 from z2.
    expect(actual).toContain('a/x1[Pod] => a/y[Pod] : TCP 8080');
    expect(actual.some((l) => l.startsWith('a/x2[Pod] => a/y[Pod]'))).toBe(false);
    expect(actual).toContain('b/z1[Pod] => a/y[Pod] : UDP 1-65535');
    expect(actual.some((l) => l.startsWith('b/z2[Pod] => a/y[Pod]'))).toBe(false);
    expect(actual).toContain('198.51.100.0-198.51.100.255[External] => a/y[Pod] : TCP 1-65535');
  });
});
