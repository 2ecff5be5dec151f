// cilium-egress-deny-world and cilium-l7-healthz-only: Cilium-native policy on the path.
// Deny precedence: https://docs.cilium.io/en/stable/security/policy/language/#deny-policies
// L7 HTTP rules: https://docs.cilium.io/en/stable/security/policy/language/#layer-7-examples

import { describe, expect, it } from 'vitest';
import { codes, findingOf, hopOf, kinds, lint, trace } from './helpers';

describe('cilium-egress-deny-world', () => {
  it('drops api → payments at the egress hop: the clusterwide egressDeny to world beats the NetworkPolicy allow', () => {
    const r = trace('cilium-egress-deny-world', 0);
    expect(r.verdict).toBe('dropped');
    expect(kinds(r)).toEqual(['pod-eth0', 'veth', 'policy-egress']);
    const denied = findingOf(r, 'POLICY_EGRESS_DENIED')!;
    expect(hopOf(r, denied.hop)?.verdict).toBe('drop');
    expect(denied.evidence).toEqual([
      {
        kind: 'CiliumClusterwideNetworkPolicy',
        name: 'block-internet-egress',
        field: 'spec.egressDeny[0].toEntities',
        value: 'world',
      },
    ]);
    expect(hopOf(r, denied.hop)?.explain).toBe(
      'CiliumClusterwideNetworkPolicy block-internet-egress egressDeny rule #0 denies it (Cilium deny rules take precedence over every allow).',
    );
    expect(denied.detail).toContain(
      'NetworkPolicy shop/api-egress-payments egress rule #0 allows it, but loses to the deny.',
    );
    expect(denied.fix).toMatch(
      /^Narrow the deny itself: edit spec.egressDeny\[0\] of CiliumClusterwideNetworkPolicy block-internet-egress/,
    );
    expect(denied.verify[0]).toBe('kubectl get ciliumclusterwidenetworkpolicy block-internet-egress -o yaml');
  });

  it('leaves traffic inside the cluster alone and denies the rest of the internet for every app pod', () => {
    expect(trace('cilium-egress-deny-world', 1).verdict).toBe('delivered');
    expect(trace('cilium-egress-deny-world', 2).verdict).toBe('dropped');
  });

  it('is fixed by narrowing the deny: the NetworkPolicy rule decides api → payments; the internet stays denied', async () => {
    const r = trace('cilium-egress-deny-world-fixed', 0);
    expect(r.verdict).toBe('delivered');
    const allowed = r.findings.find((f) => f.code === 'POLICY_ALLOWED_BY')!;
    expect(allowed.evidence.map((e) => e.name)).toContain('api-egress-payments');
    expect(codes(r.findings)).toContain('SNAT_EGRESS_MASQUERADE');
    expect(trace('cilium-egress-deny-world-fixed', 2).verdict).toBe('delivered');
    expect(trace('cilium-egress-deny-world-fixed', 3).verdict).toBe('dropped');
    expect(
      (await lint('cilium-egress-deny-world-fixed')).findings.filter((f) => f.severity === 'error'),
    ).toEqual([]);
  });
});

describe('cilium-l7-healthz-only', () => {
  it('opens the connection at L3/L4 but the proxy refuses GET /api/orders', () => {
    const r = trace('cilium-l7-healthz-only', 0);
    expect(r.verdict).toBe('dropped');
    expect(kinds(r).at(-1)).toBe('policy-ingress');
    const l7 = findingOf(r, 'POLICY_L7_RULE')!;
    expect(l7.severity).toBe('info');
    expect(l7.hop).toBe(r.hops.at(-1)!.id);
    expect(l7.detail).toContain('GET /api/orders matches none of these rules');
    expect(l7.evidence).toEqual([
      {
        kind: 'CiliumNetworkPolicy',
        namespace: 'shop',
        name: 'api-ingress-l7',
        field: 'spec.ingress[0].toPorts[0].rules.http[0]',
        value: 'GET /healthz',
      },
    ]);
    expect(l7.fix).toContain('path: "/api/orders"');
    const denied = findingOf(r, 'POLICY_INGRESS_DENIED')!;
    expect(denied.hop).toBe(l7.hop);
    expect(denied.detail).toMatch(/is allowed at L3\/L4 .* but Cilium's proxy checks each request/);
    expect(denied.fix).toContain('add {method: "GET", path: "/api/orders"}');
    expect(r.hops.at(-1)!.explain).toMatch(
      /the L7 proxy refuses the request: GET \/api\/orders matches no HTTP rule/,
    );
  });

  it('lets GET /healthz through, and says a plain TCP trace depends on the requests', () => {
    const ok = trace('cilium-l7-healthz-only', 1);
    expect(ok.verdict).toBe('delivered');
    expect(findingOf(ok, 'POLICY_L7_RULE')!.detail).toContain('The request GET /healthz matches');
    const tcp = trace('cilium-l7-healthz-only', 2);
    expect(tcp.verdict).toBe('delivered');
    expect(findingOf(tcp, 'POLICY_L7_RULE')!.detail).toContain('depends on their method, path and headers');
  });

  it('is fixed by adding the orders path to the HTTP rules', async () => {
    const r = trace('cilium-l7-orders-allowed', 0);
    expect(r.verdict).toBe('delivered');
    expect(findingOf(r, 'POLICY_L7_RULE')!.detail).toContain('rules.http[1] (GET /api/orders(/.*)?)');
    expect(codes(r.findings)).not.toContain('POLICY_INGRESS_DENIED');
    expect((await lint('cilium-l7-orders-allowed')).findings.filter((f) => f.severity === 'error')).toEqual(
      [],
    );
  });
});
