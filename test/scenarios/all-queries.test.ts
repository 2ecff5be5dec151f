// Every query of every scenario traces, and every fix removes at least one finding that
// its broken scenario raised (in the traces of the shared queries or in lint).

import { describe, expect, it } from 'vitest';
import { getScenario, scenarios } from 'lib/scenarios';
import type { FindingCode } from 'lib/engine/types';
import { codes, lint, trace } from './helpers';

async function raised(slug: string, queries: number): Promise<Set<FindingCode>> {
  const out = new Set<FindingCode>(codes((await lint(slug)).findings));
  for (let i = 0; i < queries; i++) for (const c of codes(trace(slug, i).findings)) out.add(c);
  out.delete('POLICY_ALLOWED_BY');
  return out;
}

describe.each(scenarios.map((s) => [s.slug] as const))('%s', (slug) => {
  it('traces every query into hops with ids in packet order', () => {
    const s = getScenario(slug)!;
    s.queries.forEach((_, i) => {
      const r = trace(slug, i);
      expect(r.hops.length).toBeGreaterThan(1);
      expect(r.hops.map((h) => h.id)).toEqual(r.hops.map((_, k) => `h${k + 1}`));
      for (const f of r.findings)
        expect(
          r.hops.some((h) => h.id === f.hop),
          `${f.code} on ${f.hop}`,
        ).toBe(true);
      // Same model and query, same answer.
      expect(trace(slug, i)).toEqual(r);
    });
  });

  it('backs every finding with evidence (object, field, value)', () => {
    getScenario(slug)!.queries.forEach((_, i) => {
      for (const f of trace(slug, i).findings) {
        expect(f.evidence.length, `query ${i} ${f.code}`).toBeGreaterThan(0);
        for (const e of f.evidence)
          expect(e.kind && e.name && e.field, `${f.code} ${JSON.stringify(e)}`).toBeTruthy();
      }
    });
  });
});

describe('fixed variants', () => {
  const fixed = scenarios.filter((s) => s.fixes);
  it.each(fixed.map((s) => [s.fixes!, s.slug] as const))('%s → %s removes a finding', async (broken, fix) => {
    const shared = Math.min(getScenario(broken)!.queries.length, getScenario(fix)!.queries.length);
    const before = await raised(broken, shared);
    const after = await raised(fix, shared);
    const removed = [...before].filter((c) => !after.has(c));
    expect(removed.length, `before ${[...before]} after ${[...after]}`).toBeGreaterThan(0);
    expect((await lint(fix)).findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('lb-pending-no-metallb → metallb-l2-advertised clears LB_PENDING', async () => {
    expect(codes((await lint('lb-pending-no-metallb')).findings)).toContain('LB_PENDING');
    expect(codes((await lint('metallb-l2-advertised')).findings)).not.toContain('LB_PENDING');
  });
});

describe('lint of broken scenarios', () => {
  it.each([
    ['vxlan-mtu-blackhole', 'MTU_BLACKHOLE'],
    ['calico-ipip-crosssubnet', 'MTU_BLACKHOLE'],
    ['default-deny-breaks-dns', 'DNS_BLOCKED_BY_DEFAULT_DENY'],
    ['lb-pending-no-metallb', 'LB_PENDING'],
    ['metallb-pool-not-advertised', 'METALLB_NOT_ADVERTISED'],
    ['iptables-at-scale', 'KUBE_PROXY_IPTABLES_SCALE'],
    ['cilium-dsr-old-kernel', 'EBPF_KERNEL_TOO_OLD'],
    ['flannel-ip-masq-egress', 'MTU_ASSUMED'],
    // The HTTPRoute's own status says RefNotPermitted: visible without tracing a URL.
    ['gateway-canary', 'GATEWAY_REFERENCE_NOT_PERMITTED'],
  ] as const)('%s: %s', async (slug, code) => {
    expect(codes((await lint(slug)).findings)).toContain(code);
  });
});
