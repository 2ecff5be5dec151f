// calico-tier-pass-missing-policy: a platform tier that Passes shop traffic to the
// application tier, where db's ingress policy is missing. Semantics pinned here:
// docs.tigera.io/calico/latest/network-policy/policy-tiers/tiered-policy (Pass goes to
// the next tier; a tier whose policies select the endpoint but do not match drops at its
// end), docs.tigera.io/calico/latest/reference/resources/tier (order, defaultAction
// Deny), projectcalico/calico felix/rules/endpoints.go ("End of tier ... Drop").

import { describe, expect, it } from 'vitest';
import { formatTraceTxt } from 'lib/engine/format/trace-txt';
import { codes, findingOf, hopOf, kinds, lint, trace } from './helpers';

describe('calico-tier-pass-missing-policy', () => {
  it("drops web → db at db's ingress, at the end of tier application, after the platform tier passed it", () => {
    const r = trace('calico-tier-pass-missing-policy', 0);
    expect(r.verdict).toBe('dropped');
    expect(kinds(r).slice(-1)).toEqual(['policy-ingress']);
    const denied = findingOf(r, 'POLICY_INGRESS_DENIED')!;
    const hop = hopOf(r, denied.hop)!;
    expect(hop.verdict).toBe('drop');
    expect(hop.policyChain?.map((s) => [s.tier, s.verdict, s.decides])).toEqual([
      ['platform', 'Pass', false],
      ['application', 'default Deny', true],
    ]);
    expect(hop.policyChain?.[0]?.policies).toEqual([
      expect.objectContaining({
        kind: 'GlobalNetworkPolicy',
        name: 'platform.pass-shop',
        verdict: 'Pass',
        rule: 'spec.ingress[0]',
      }),
    ]);
    expect(hop.policyChain?.[1]?.policies).toEqual([
      expect.objectContaining({
        kind: 'NetworkPolicy',
        namespace: 'shop',
        name: 'application.shop-default-deny',
        verdict: 'no match',
      }),
    ]);
    expect(denied.detail).toContain('the end of tier application');
    expect(denied.evidence).toEqual(
      expect.arrayContaining([
        {
          kind: 'GlobalNetworkPolicy',
          name: 'platform.pass-shop',
          field: 'spec.ingress[0].action',
          value: 'Pass',
        },
        expect.objectContaining({
          kind: 'NetworkPolicy',
          namespace: 'shop',
          name: 'application.shop-default-deny',
          field: 'spec.selector',
        }),
        { kind: 'Tier', name: 'application', field: 'spec.defaultAction', value: 'Deny' },
      ]),
    );
    // The fix is a Calico policy in the application tier, not a Kubernetes NetworkPolicy.
    expect(denied.fix).toContain(
      'kind: NetworkPolicy\nmetadata:\n  name: application.allow-web-to-db\n  namespace: shop\nspec:\n  tier: application',
    );
    expect(denied.fix).toContain('apiVersion: projectcalico.org/v3');
    const pass = r.findings.filter((f) => f.code === 'POLICY_TIER_PASS');
    expect(pass.map((f) => f.severity)).toEqual(['info', 'info']);
    expect(pass.find((f) => f.hop === denied.hop)!.detail).toMatch(
      /not decided in tier platform: projectcalico\.org GlobalNetworkPolicy platform\.pass-shop \(tier platform\) ingress rule #0 Pass passes it to the next tier, where the end of tier application/,
    );
  });

  it('prints the tier chain of each policy hop in the text output', () => {
    const txt = formatTraceTxt(trace('calico-tier-pass-missing-policy', 0));
    expect(txt).toContain('calico tiers: platform: Pass → application: Allow');
    expect(txt).toContain('calico tiers: platform: Pass → application: default Deny');
  });

  it('names kind, tier, policy, rule and action for the allowed egress and web → api', () => {
    const egress = trace('calico-tier-pass-missing-policy', 0).findings.find(
      (f) => f.code === 'POLICY_ALLOWED_BY',
    )!;
    expect(egress.detail).toContain(
      'projectcalico.org NetworkPolicy shop/application.web-egress (tier application) egress rule #1 Allow',
    );
    expect(egress.evidence).toContainEqual({
      kind: 'NetworkPolicy',
      namespace: 'shop',
      name: 'application.web-egress',
      field: 'spec.egress[1].action',
      value: 'Allow',
    });
    const api = trace('calico-tier-pass-missing-policy', 1);
    expect(api.verdict).toBe('delivered');
    expect(codes(api.findings)).toEqual(['POLICY_ALLOWED_BY', 'POLICY_TIER_PASS']);
  });

  it('lets DNS out in the platform tier, before the Pass', () => {
    const r = trace('calico-tier-pass-missing-policy', 2);
    expect(r.verdict).toBe('delivered');
    const egress = r.hops.find((h) => h.kind === 'policy-egress')!;
    expect(egress.policyChain?.map((s) => [s.tier, s.verdict])).toEqual([['platform', 'Allow']]);
    expect(codes(r.findings)).not.toContain('DNS_BLOCKED_BY_DEFAULT_DENY');
  });

  it('is fixed by application.db-ingress', async () => {
    const r = trace('calico-tier-pass-fixed', 0);
    expect(r.verdict).toBe('delivered');
    const ingress = r.hops.find((h) => h.kind === 'policy-ingress')!;
    expect(ingress.policyChain?.map((s) => [s.tier, s.verdict])).toEqual([
      ['platform', 'Pass'],
      ['application', 'Allow'],
    ]);
    expect(ingress.policyChain?.[1]?.policies.find((p) => p.deciding)).toMatchObject({
      name: 'application.db-ingress',
      rule: 'spec.ingress[0]',
    });
    expect(
      codes((await lint('calico-tier-pass-fixed')).findings.filter((f) => f.severity === 'error')),
    ).toEqual([]);
  });
});
