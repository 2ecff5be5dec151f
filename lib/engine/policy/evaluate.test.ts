import { describe, expect, it } from 'vitest';
import { formatConnections } from '../net/connection-set';
import type { PolicyRule, Protocol } from '../../model/types';
import { allowedConnections, evaluateConnection } from './evaluate';
import { testModel, testPod, testPolicy } from './testing/build-model';
import type { PeerEndpoint } from './types';

const a = testPod('x/a', {
  labels: { app: 'a' },
  ips: ['10.1.0.1'],
  ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
});
const b = testPod('x/b', { labels: { app: 'b' }, ips: ['10.1.0.2'] });
const c = testPod('y/c', { labels: { app: 'c' }, ips: ['10.2.0.3'] });
const pods = [a, b, c];
const namespaces = { x: { team: 'x' }, y: { team: 'y' } };
const pod = (p: typeof a): PeerEndpoint => ({ type: 'pod', pod: p });
const ip = (addr: string): PeerEndpoint => ({ type: 'ip', ip: addr });
const rule = (r: Partial<PolicyRule>): PolicyRule => ({ peers: [], ports: [], ...r });

function allowed(
  policies: Parameters<typeof testModel>[0]['policies'],
  from: PeerEndpoint,
  to: PeerEndpoint,
  port = 80,
  protocol: Protocol = 'TCP',
) {
  return evaluateConnection(testModel({ namespaces, pods, policies }), from, to, protocol, port).allowed;
}

describe('NetworkPolicy isolation and policyTypes', () => {
  it('allows everything when no policy selects either side', () => {
    const v = evaluateConnection(testModel({ namespaces, pods }), pod(b), pod(a), 'TCP', 80);
    expect(v.allowed).toBe(true);
    expect(v.ingress.decidedAt).toBe('default');
    expect(v.ingress.isolated).toBe(false);
  });
  it('isolates only the directions listed in policyTypes', () => {
    const denyIngress = testPolicy('x/deny', {
      podSelector: { matchLabels: { app: 'a' } },
      policyTypes: ['Ingress'],
    });
    expect(allowed([denyIngress], pod(b), pod(a))).toBe(false);
    expect(allowed([denyIngress], pod(a), pod(b))).toBe(true);
  });
  it('an Egress-only policy leaves ingress open', () => {
    const denyEgress = testPolicy('x/deny', { podSelector: {}, policyTypes: ['Egress'] });
    expect(allowed([denyEgress], pod(c), pod(a))).toBe(true);
    expect(allowed([denyEgress], pod(a), pod(c))).toBe(false);
  });
  it('needs egress at the source AND ingress at the destination', () => {
    const allowOut = testPolicy('x/out', {
      podSelector: { matchLabels: { app: 'a' } },
      policyTypes: ['Egress'],
      egress: [rule({})],
    });
    const denyIn = testPolicy('y/in', { podSelector: {}, policyTypes: ['Ingress'] });
    const v = evaluateConnection(
      testModel({ namespaces, pods, policies: [allowOut, denyIn] }),
      pod(a),
      pod(c),
      'TCP',
      80,
    );
    expect(v.egress.allowed).toBe(true);
    expect(v.ingress.allowed).toBe(false);
    expect(v.allowed).toBe(false);
  });
  it('unites the rules of every policy selecting the pod', () => {
    const p1 = testPolicy('x/p1', {
      podSelector: {},
      ingress: [rule({ ports: [{ protocol: 'TCP', port: 80 }] })],
    });
    const p2 = testPolicy('x/p2', {
      podSelector: { matchLabels: { app: 'a' } },
      ingress: [rule({ ports: [{ protocol: 'UDP', port: 53 }] })],
    });
    const model = testModel({ namespaces, pods, policies: [p1, p2] });
    expect(formatConnections(allowedConnections(model, pod(c), pod(a)))).toBe('TCP 80,UDP 53');
    expect(formatConnections(allowedConnections(model, pod(c), pod(b)))).toBe('TCP 80');
  });
});

describe('NetworkPolicy peers', () => {
  const only = (peers: PolicyRule['peers']) => [
    testPolicy('x/p', { podSelector: { matchLabels: { app: 'a' } }, ingress: [rule({ peers })] }),
  ];
  it('podSelector alone means the policy namespace', () => {
    const p = only([{ type: 'pods', podSelector: {} }]);
    expect(allowed(p, pod(b), pod(a))).toBe(true);
    expect(allowed(p, pod(c), pod(a))).toBe(false);
  });
  it('namespaceSelector {} means every namespace', () => {
    const p = only([{ type: 'pods', namespaceSelector: {} }]);
    expect(allowed(p, pod(c), pod(a))).toBe(true);
    expect(allowed(p, ip('192.0.2.1'), pod(a))).toBe(false);
  });
  it('podSelector + namespaceSelector in one peer are ANDed', () => {
    const p = only([
      {
        type: 'pods',
        namespaceSelector: { matchLabels: { team: 'y' } },
        podSelector: { matchLabels: { app: 'b' } },
      },
    ]);
    expect(allowed(p, pod(c), pod(a))).toBe(false);
    expect(allowed(p, pod(b), pod(a))).toBe(false);
  });
  it('separate peers are ORed', () => {
    const p = only([
      { type: 'pods', namespaceSelector: { matchLabels: { team: 'y' } } },
      { type: 'pods', podSelector: { matchLabels: { app: 'b' } } },
    ]);
    expect(allowed(p, pod(c), pod(a))).toBe(true);
    expect(allowed(p, pod(b), pod(a))).toBe(true);
  });
  it('matchExpressions In / NotIn / Exists / DoesNotExist', () => {
    const sel = (operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist', values?: string[]) =>
      only([
        {
          type: 'pods',
          namespaceSelector: {},
          podSelector: { matchExpressions: [{ key: 'app', operator, ...(values ? { values } : {}) }] },
        },
      ]);
    expect(allowed(sel('In', ['c']), pod(c), pod(a))).toBe(true);
    expect(allowed(sel('In', ['b']), pod(c), pod(a))).toBe(false);
    expect(allowed(sel('NotIn', ['c']), pod(c), pod(a))).toBe(false);
    expect(allowed(sel('Exists'), pod(c), pod(a))).toBe(true);
    expect(allowed(sel('DoesNotExist'), pod(c), pod(a))).toBe(false);
  });
  it('an empty from list means every peer, addresses included', () => {
    expect(allowed(only([]), ip('192.0.2.1'), pod(a))).toBe(true);
  });
  it('ipBlock with except matches addresses, not pods', () => {
    const p = only([{ type: 'ipBlock', ipBlock: { cidr: '10.0.0.0/8', except: ['10.9.0.0/16'] } }]);
    expect(allowed(p, ip('10.3.3.3'), pod(a))).toBe(true);
    expect(allowed(p, ip('10.9.0.1'), pod(a))).toBe(false);
    expect(allowed(p, pod(c), pod(a))).toBe(false);
    const model = testModel({ namespaces, pods, policies: p });
    expect(evaluateConnection(model, pod(c), pod(a), 'TCP', 80, { ipBlockMatchesPods: true }).allowed).toBe(
      true,
    );
  });
});

describe('NetworkPolicy ports', () => {
  const withPorts = (ports: PolicyRule['ports']) => [
    testPolicy('x/p', { podSelector: {}, ingress: [rule({ ports })] }),
  ];
  it('an empty ports list allows all ports and protocols', () => {
    expect(allowed(withPorts([]), pod(c), pod(a), 9999, 'SCTP')).toBe(true);
  });
  it('a protocol without a port allows every port of that protocol only', () => {
    const p = withPorts([{ protocol: 'UDP' }]);
    expect(allowed(p, pod(c), pod(a), 1234, 'UDP')).toBe(true);
    expect(allowed(p, pod(c), pod(a), 1234, 'TCP')).toBe(false);
  });
  it('endPort makes a range', () => {
    const p = withPorts([{ protocol: 'TCP', port: 8000, endPort: 8010 }]);
    expect(allowed(p, pod(c), pod(a), 8010)).toBe(true);
    expect(allowed(p, pod(c), pod(a), 8011)).toBe(false);
  });
  it('named ports resolve on the destination pod, same name and protocol', () => {
    expect(allowed(withPorts([{ protocol: 'TCP', port: 'http' }]), pod(c), pod(a), 8080)).toBe(true);
    expect(allowed(withPorts([{ protocol: 'UDP', port: 'http' }]), pod(c), pod(a), 8080, 'UDP')).toBe(false);
    expect(allowed(withPorts([{ protocol: 'TCP', port: 'http' }]), pod(c), pod(b), 8080)).toBe(false);
  });
  it('egress named ports resolve on the destination too', () => {
    const p = [
      testPolicy('y/out', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [rule({ ports: [{ protocol: 'TCP', port: 'http' }] })],
      }),
    ];
    expect(allowed(p, pod(c), pod(a), 8080)).toBe(true);
    expect(allowed(p, pod(c), pod(b), 8080)).toBe(false);
    expect(allowed(p, pod(c), ip('192.0.2.1'), 8080)).toBe(false);
  });
});

describe('explanations', () => {
  it('names the allowing rule', () => {
    const p = testPolicy('x/allow-c', {
      podSelector: {},
      ingress: [
        rule({ peers: [{ type: 'pods', namespaceSelector: {} }], ports: [{ protocol: 'TCP', port: 80 }] }),
      ],
    });
    const v = evaluateConnection(testModel({ namespaces, pods, policies: [p] }), pod(c), pod(a), 'TCP', 80);
    expect(v.ingress.decidedBy).toEqual([
      {
        policy: { kind: 'NetworkPolicy', namespace: 'x', name: 'allow-c' },
        tier: 'networkpolicy',
        direction: 'Ingress',
        ruleIndex: 0,
      },
    ]);
    expect(v.ingress.selectingPolicies).toEqual([{ kind: 'NetworkPolicy', namespace: 'x', name: 'allow-c' }]);
    expect(v.explanation).toBe(
      'y/c → x/a on TCP 80 is allowed: egress: no NetworkPolicy selects y/c for egress, so it is allowed by default; ingress: NetworkPolicy x/allow-c ingress rule #0 allows it.',
    );
  });
  it('says why each selecting policy did not allow', () => {
    const p1 = testPolicy('x/web', {
      podSelector: {},
      ingress: [
        rule({ peers: [{ type: 'pods', namespaceSelector: {} }], ports: [{ protocol: 'TCP', port: 80 }] }),
      ],
    });
    const p2 = testPolicy('x/same-ns', {
      podSelector: { matchLabels: { app: 'a' } },
      ingress: [rule({ peers: [{ type: 'pods', podSelector: { matchLabels: { app: 'b' } } }] })],
    });
    const p3 = testPolicy('x/deny', { podSelector: {}, policyTypes: ['Ingress'] });
    const v = evaluateConnection(
      testModel({ namespaces, pods, policies: [p1, p2, p3] }),
      pod(c),
      pod(a),
      'TCP',
      81,
    );
    expect(v.allowed).toBe(false);
    expect(v.ingress.decidedAt).toBe('networkpolicy');
    expect(v.ingress.decidedBy).toEqual([]);
    expect(v.ingress.reasons).toEqual([
      'NetworkPolicy x/deny selects x/a for ingress and has no ingress rules, so it allows nothing',
      'NetworkPolicy x/same-ns: rule #0 does not match source y/c (its peers: pods {app=b} in namespace x)',
      'NetworkPolicy x/web: rule #0 matches y/c but allows only TCP 80, not TCP 81',
    ]);
    expect(v.explanation).toBe(
      'y/c → x/a on TCP 81 is denied at ingress: x/a is isolated for ingress by NetworkPolicy x/deny, x/same-ns, x/web and no rule allows it.',
    );
  });
  it('explains an address source and a pod-to-own-node connection', () => {
    const node = testPod('x/n', { hostIP: '172.16.0.5' });
    const model = testModel({
      namespaces,
      pods: [node],
      policies: [testPolicy('x/deny', { podSelector: {} })],
    });
    const v = evaluateConnection(model, ip('172.16.0.5'), pod(node), 'TCP', 80);
    expect(v.allowed).toBe(true);
    expect(v.explanation).toContain('its own node');
    const w = evaluateConnection(model, ip('192.0.2.9'), pod(node), 'TCP', 80);
    expect(w.allowed).toBe(false);
    expect(w.egress.explanation).toBe(
      'egress at 192.0.2.9 is not restricted: policies select pods, not outside addresses.',
    );
  });
});
