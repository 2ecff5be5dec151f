// default-deny-breaks-dns: a namespace default deny without a DNS allowance.

import { describe, expect, it } from 'vitest';
import { codes, findingOf, hopOf, kinds, lint, trace } from './helpers';

describe('default-deny-breaks-dns', () => {
  it("drops DNS at the source pod's egress policy", () => {
    const r = trace('default-deny-breaks-dns', 0);
    expect(r.verdict).toBe('dropped');
    expect(kinds(r)).toEqual(['pod-eth0', 'veth', 'service', 'policy-egress']);
    const denied = findingOf(r, 'POLICY_EGRESS_DENIED')!;
    expect(denied.severity).toBe('error');
    expect(hopOf(r, denied.hop)?.verdict).toBe('drop');
    // Every policy selecting web is named.
    const policies = denied.evidence.filter((e) => e.kind === 'NetworkPolicy').map((e) => e.name);
    expect(policies).toEqual(expect.arrayContaining(['default-deny-all', 'web-egress-to-api']));
    const dns = findingOf(r, 'DNS_BLOCKED_BY_DEFAULT_DENY')!;
    expect(dns.severity).toBe('error');
    expect(dns.hop).toBe(denied.hop);
    expect(dns.fix).toMatch(/53/);
  });

  it('lets the whitelisted flows through, but still reports the DNS hole on them', () => {
    for (const i of [1, 2]) {
      const r = trace('default-deny-breaks-dns', i);
      expect(
        r.hops.some((h) => h.verdict === 'drop'),
        `query ${i}`,
      ).toBe(false);
      expect(kinds(r).at(-1)).toBe('endpoint');
      expect(codes(r.findings)).toEqual(
        expect.arrayContaining(['POLICY_ALLOWED_BY', 'DNS_BLOCKED_BY_DEFAULT_DENY']),
      );
      expect(r.verdict).toBe('degraded');
    }
  });

  it('names the allowing policy for web → api', () => {
    const r = trace('default-deny-breaks-dns', 1);
    const allowed = r.findings.filter((f) => f.code === 'POLICY_ALLOWED_BY');
    const names = allowed.flatMap((f) => f.evidence.map((e) => e.name));
    expect(names).toEqual(expect.arrayContaining(['web-egress-to-api', 'api-ingress-from-web']));
  });

  it('denies web → db, which no rule allows', () => {
    const r = trace('default-deny-breaks-dns', 3);
    expect(r.verdict).toBe('dropped');
    expect(codes(r.findings)).toContain('POLICY_EGRESS_DENIED');
  });

  it('lint reports the DNS hole for the namespace', async () => {
    const f = (await lint('default-deny-breaks-dns')).findings.filter(
      (x) => x.code === 'DNS_BLOCKED_BY_DEFAULT_DENY',
    );
    expect(f.length).toBeGreaterThan(0);
    expect(f[0]!.evidence).toContainEqual(
      expect.objectContaining({ kind: 'NetworkPolicy', namespace: 'shop', name: 'default-deny-all' }),
    );
  });

  it('is fixed by allow-dns: DNS resolves, web → db stays denied', async () => {
    const dns = trace('default-deny-allow-dns', 0);
    expect(dns.verdict).toBe('delivered');
    expect(kinds(dns).at(-1)).toBe('endpoint');
    expect(dns.hops.at(-1)?.label).toMatch(/^kube-system\/coredns-/);
    expect(codes(dns.findings)).not.toContain('DNS_BLOCKED_BY_DEFAULT_DENY');
    expect(
      dns.findings
        .filter((f) => f.code === 'POLICY_ALLOWED_BY')
        .flatMap((f) => f.evidence.map((e) => e.name)),
    ).toContain('allow-dns');
    expect(trace('default-deny-allow-dns', 1).verdict).toBe('delivered');
    const denied = trace('default-deny-allow-dns', 3);
    expect(denied.verdict).toBe('dropped');
    expect(codes(denied.findings)).toEqual(['POLICY_EGRESS_DENIED']);
    expect(codes((await lint('default-deny-allow-dns')).findings)).not.toContain(
      'DNS_BLOCKED_BY_DEFAULT_DENY',
    );
  });
});
