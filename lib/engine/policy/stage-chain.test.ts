// The policy-hop chain outside Calico: the stages decideDirection applies, in order.
// Cilium deny rules take precedence over every allow (docs.cilium.io/en/stable/security/
// policy/language/#deny-policies); an AdminNetworkPolicy Pass hands on to NetworkPolicy and
// then the Baseline (network-policy-api, "AdminNetworkPolicy" Pass action).

import { describe, expect, it } from 'vitest';
import { traceRoute } from '../index';
import { loadModel } from '../../ingest';
import { getScenario, scenarioSnapshot } from '../../scenarios';
import { ciliumModel, pod } from './testing/cilium-cluster';
import { evaluateConnection } from './evaluate';
import { stageChain } from './stage-chain';

function hopChain(slug: string, kind: string) {
  const s = getScenario(slug)!;
  const r = traceRoute(loadModel(scenarioSnapshot(s)), s.queries[0]!);
  return r.hops.find((h) => h.kind === kind)!.policyChain ?? [];
}

describe('stage chain', () => {
  it('Cilium egressDeny to world decides before the Kubernetes allow', () => {
    const chain = hopChain('cilium-egress-deny-world', 'policy-egress');
    expect(chain.map((s) => [s.stage, s.verdict, s.decides])).toEqual([['deny', 'Deny', true]]);
    expect(chain[0]!.policies).toEqual([
      {
        kind: 'CiliumClusterwideNetworkPolicy',
        apiGroup: 'cilium.io',
        name: 'block-internet-egress',
        verdict: 'Deny',
        rule: 'spec.egressDeny[0]',
        deciding: true,
      },
    ]);
  });

  it('without the deny, the deny stage does not match and the NetworkPolicy allow decides', () => {
    const chain = hopChain('cilium-egress-deny-world-fixed', 'policy-egress');
    expect(chain.map((s) => [s.stage, s.verdict])).toEqual([
      ['deny', 'no match'],
      ['allow', 'Allow'],
    ]);
    const allow = chain.at(-1)!;
    expect([allow.verdict, allow.decides]).toEqual(['Allow', true]);
    const deciding = allow.policies.filter((p) => p.deciding);
    expect(deciding).toHaveLength(1);
    expect(deciding[0]).toMatchObject({
      kind: 'NetworkPolicy',
      name: 'api-egress-payments',
      verdict: 'Allow',
    });
  });

  it('a Cilium policy that selects the endpoint and allows nothing here is a default deny of the allow stage', () => {
    const m = ciliumModel(`---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: api-in, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: api}}
  ingress:
  - fromEndpoints: [{matchLabels: {app: web}}]
    toPorts: [{ports: [{port: '8080', protocol: TCP}]}]
`);
    const v = evaluateConnection(m, pod(m, 'shop/web'), pod(m, 'shop/api'), 'TCP', 9090).ingress;
    const chain = stageChain(m, v);
    expect(chain.map((s) => [s.stage, s.verdict, s.decides])).toEqual([['allow', 'default Deny', true]]);
    expect(chain[0]!.policies).toMatchObject([{ name: 'api-in', verdict: 'no match', deciding: false }]);
    const ok = stageChain(
      m,
      evaluateConnection(m, pod(m, 'shop/web'), pod(m, 'shop/api'), 'TCP', 8080).ingress,
    );
    expect(ok[0]!.policies).toMatchObject([
      { name: 'api-in', verdict: 'Allow', rule: 'spec.ingress[0]', deciding: true },
    ]);
  });
});
