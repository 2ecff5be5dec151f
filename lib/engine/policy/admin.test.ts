import { describe, expect, it } from 'vitest';
import { formatConnections, isEmptyConnections } from '../net/connection-set';
import type { AdminNetworkPolicy, AdminRule } from '../../model/types';
import { allowedConnections, evaluateConnection } from './evaluate';
import { stageChain } from './stage-chain';
import { testModel, testPod, testPolicy } from './testing/build-model';
import type { PeerEndpoint } from './types';

const a = testPod('x/a', {
  labels: { app: 'a' },
  ports: [{ name: 'web', containerPort: 8080, protocol: 'TCP' }],
});
const c = testPod('y/c', { labels: { app: 'c' } });
const pod = (p: typeof a): PeerEndpoint => ({ type: 'pod', pod: p });
const namespaces = { x: { tier: 'x' }, y: { tier: 'y' } };
const fromY = { type: 'namespaces' as const, namespaceSelector: { matchLabels: { tier: 'y' } } };

function anp(name: string, priority: number, ingress: AdminRule[]): AdminNetworkPolicy {
  return {
    tier: 'admin',
    name,
    priority,
    subject: { type: 'namespaces', namespaceSelector: { matchLabels: { tier: 'x' } } },
    ingress,
    egress: [],
    origin: {},
  };
}
function banp(ingress: AdminRule[], egress: AdminRule[] = []): AdminNetworkPolicy {
  return {
    tier: 'baseline',
    name: 'default',
    subject: { type: 'namespaces', namespaceSelector: {} },
    ingress,
    egress,
    origin: {},
  };
}
const allowAll = testPolicy('x/allow-all', { podSelector: {}, ingress: [{ peers: [], ports: [] }] });

describe('AdminNetworkPolicy tiers', () => {
  it('an ANP Deny overrides a NetworkPolicy allow', () => {
    const model = testModel({
      namespaces,
      pods: [a, c],
      policies: [allowAll],
      admin: [anp('deny-y', 10, [{ name: 'no-y', action: 'Deny', peers: [fromY] }])],
    });
    const v = evaluateConnection(model, pod(c), pod(a), 'TCP', 80);
    expect(v.allowed).toBe(false);
    expect(v.ingress.decidedAt).toBe('admin');
    expect(v.ingress.decidedBy[0]).toMatchObject({
      tier: 'admin',
      ruleIndex: 0,
      ruleName: 'no-y',
      action: 'Deny',
    });
    expect(v.ingress.explanation).toBe('AdminNetworkPolicy deny-y ingress rule #0 "no-y" denies it.');
  });
  it('the lower priority number wins, and the first matching rule within a policy', () => {
    const model = testModel({
      namespaces,
      pods: [a, c],
      admin: [
        anp('later', 20, [{ action: 'Allow', peers: [fromY] }]),
        anp('first', 5, [
          { action: 'Allow', peers: [fromY], ports: [{ type: 'portNumber', protocol: 'TCP', port: 80 }] },
          { action: 'Deny', peers: [fromY] },
        ]),
      ],
    });
    expect(formatConnections(allowedConnections(model, pod(c), pod(a)))).toBe('TCP 80');
  });
  it('Pass skips the remaining ANPs and goes to NetworkPolicy, then BANP', () => {
    const admin = [
      anp('pass', 1, [{ action: 'Pass', peers: [fromY], ports: [{ type: 'namedPort', name: 'web' }] }]),
      anp('deny', 2, [{ action: 'Deny', peers: [fromY] }]),
    ];
    const withNp = testModel({ namespaces, pods: [a, c], admin, policies: [allowAll] });
    expect(formatConnections(allowedConnections(withNp, pod(c), pod(a)))).toBe('TCP 8080');
    const v = evaluateConnection(withNp, pod(c), pod(a), 'TCP', 8080);
    expect(v.ingress.decidedBy.map((r) => r.tier)).toEqual(['admin', 'networkpolicy']);
    const withBanp = testModel({
      namespaces,
      pods: [a, c],
      admin,
      baseline: banp([{ action: 'Deny', peers: [fromY] }]),
    });
    expect(isEmptyConnections(allowedConnections(withBanp, pod(c), pod(a)))).toBe(true);
    expect(evaluateConnection(withBanp, pod(c), pod(a), 'TCP', 8080).ingress.decidedAt).toBe('baseline');
  });
  it('a BANP applies only where no NetworkPolicy selects the pod', () => {
    const baseline = banp([{ action: 'Deny', peers: [fromY] }]);
    expect(
      evaluateConnection(testModel({ namespaces, pods: [a, c], baseline }), pod(c), pod(a), 'TCP', 80)
        .allowed,
    ).toBe(false);
    expect(
      evaluateConnection(
        testModel({ namespaces, pods: [a, c], baseline, policies: [allowAll] }),
        pod(c),
        pod(a),
        'TCP',
        80,
      ).allowed,
    ).toBe(true);
  });
  it('networks peers match addresses only; nodes peers match nothing', () => {
    const egressDeny: AdminNetworkPolicy = {
      tier: 'admin',
      name: 'out',
      priority: 1,
      subject: { type: 'namespaces', namespaceSelector: {} },
      ingress: [],
      egress: [
        { action: 'Allow', peers: [{ type: 'networks', cidrs: ['104.154.164.170/32'] }] },
        {
          action: 'Deny',
          peers: [
            { type: 'nodes', nodeSelector: {} },
            { type: 'networks', cidrs: ['0.0.0.0/0'] },
          ],
        },
      ],
      origin: {},
    };
    const model = testModel({ namespaces, pods: [a, c], admin: [egressDeny] });
    expect(evaluateConnection(model, pod(a), { type: 'ip', ip: '104.154.164.170' }, 'TCP', 443).allowed).toBe(
      true,
    );
    expect(evaluateConnection(model, pod(a), { type: 'ip', ip: '104.154.164.171' }, 'TCP', 443).allowed).toBe(
      false,
    );
    expect(evaluateConnection(model, pod(a), pod(c), 'TCP', 443).allowed).toBe(true);
  });
});

describe('the stage chain of an AdminNetworkPolicy Pass', () => {
  // network-policy-api AdminNetworkPolicy "Pass": skip the remaining ANPs and hand the
  // connection to NetworkPolicy, then to the BaselineAdminNetworkPolicy.
  it('shows Admin Pass, the NetworkPolicy stage without a match, then the Baseline Deny deciding', () => {
    const model = testModel({
      namespaces,
      pods: [a, c],
      admin: [anp('pass-y', 10, [{ name: 'hand-on', action: 'Pass', peers: [fromY] }])],
      baseline: banp([{ name: 'no-y', action: 'Deny', peers: [fromY] }]),
    });
    const v = evaluateConnection(model, pod(c), pod(a), 'TCP', 80).ingress;
    const chain = stageChain(model, v);
    expect(chain.map((s) => [s.stage, s.verdict, s.decides])).toEqual([
      ['admin', 'Pass', false],
      ['baseline', 'Deny', true],
    ]);
    expect(chain[0]!.policies).toMatchObject([
      {
        kind: 'AdminNetworkPolicy',
        name: 'pass-y',
        verdict: 'Pass',
        rule: 'spec.ingress[0]',
        deciding: false,
      },
    ]);
    expect(chain[1]!.policies).toMatchObject([
      { kind: 'BaselineAdminNetworkPolicy', name: 'default', verdict: 'Deny', deciding: true },
    ]);
  });
});
