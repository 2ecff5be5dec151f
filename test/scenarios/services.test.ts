// nodelocal-dns-coredns-only → nodelocal-dns-allowed: NodeLocal DNSCache answers on the
// node, so a DNS allow that names only the CoreDNS pods breaks lookups.
// Source: https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/

import { describe, expect, it } from 'vitest';
import { codes, findingOf, hopOf, kinds, lint, trace } from './helpers';

describe('nodelocal-dns-coredns-only', () => {
  it('DNS to the kube-dns ClusterIP is answered on the node and dropped by the CoreDNS-only egress rule', () => {
    const r = trace('nodelocal-dns-coredns-only', 0);
    expect(r.verdict).toBe('dropped');
    expect(kinds(r)).toEqual(['pod-eth0', 'veth', 'service', 'policy-egress']);
    const cache = findingOf(r, 'NODELOCAL_DNS')!;
    expect(hopOf(r, cache.hop)?.kind).toBe('service');
    expect(cache.detail).toContain('NetworkPolicy shop/allow-dns allows DNS only to the CoreDNS pods');
    const denied = findingOf(r, 'POLICY_EGRESS_DENIED')!;
    expect(hopOf(r, denied.hop)?.dst).toBe('10.96.0.10:53');
    // Not the "no DNS rule at all" case: the policy does allow CoreDNS.
    expect(codes(r.findings)).not.toContain('DNS_BLOCKED_BY_DEFAULT_DENY');
  });

  it('the link-local address is dropped the same way; app traffic by IP is unaffected', () => {
    const r = trace('nodelocal-dns-coredns-only', 1);
    expect(r.verdict).toBe('dropped');
    expect(hopOf(r, findingOf(r, 'POLICY_EGRESS_DENIED')?.hop)?.dst).toBe('169.254.20.10:53');
    expect(trace('nodelocal-dns-coredns-only', 2).hops.at(-1)?.kind).toBe('endpoint');
  });

  it('lint names the CoreDNS-only policy and the node-local fix', async () => {
    const f = (await lint('nodelocal-dns-coredns-only')).findings.filter((x) => x.code === 'NODELOCAL_DNS');
    expect(f).toHaveLength(1);
    expect(f[0]!.evidence).toContainEqual(
      expect.objectContaining({ kind: 'NetworkPolicy', namespace: 'shop', name: 'allow-dns' }),
    );
    expect(f[0]!.evidence).toContainEqual(
      expect.objectContaining({
        kind: 'DaemonSet',
        name: 'node-local-dns',
        value: '169.254.20.10,10.96.0.10',
      }),
    );
    expect(f[0]!.fix).toContain('169.254.20.10/32');
  });

  it("is fixed by allowing the node-local addresses: answered by the cache on the pod's node", async () => {
    for (const i of [0, 1]) {
      const r = trace('nodelocal-dns-allowed', i);
      expect(r.verdict, `query ${i}`).toBe('delivered');
      expect(r.hops.at(-1)?.kind).toBe('endpoint');
      expect(r.hops.at(-1)?.node).toBe(r.hops[0]?.node);
      expect(
        r.findings
          .filter((f) => f.code === 'POLICY_ALLOWED_BY')
          .flatMap((f) => f.evidence.map((e) => e.name)),
      ).toContain('allow-dns');
    }
    expect((await lint('nodelocal-dns-allowed')).findings.map((f) => f.code)).not.toContain('NODELOCAL_DNS');
  });
});
