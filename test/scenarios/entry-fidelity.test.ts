// The entry-from-outside scenarios: an Ingress from manifests without status behind a
// MetalLB controller Service, and ingress-nginx regex + ssl-redirect + allowlist.
// Upstream sources: see test/entry/*.test.ts (ingress-nginx annotations / ConfigMap /
// template.go, MetalLB IPAddressPool autoAssign https://metallb.universe.tf/configuration/_advanced_ipaddresspool_configuration/).

import { describe, expect, it } from 'vitest';
import { codes, findingOf, hopsOfKind, kinds, lint, trace } from './helpers';

describe('ingress-manifests-metallb', () => {
  it('infers the controller Service from the class and stops at its pending MetalLB address', () => {
    const r = trace('ingress-manifests-metallb', 0);
    expect(r.verdict).toBe('dropped');
    expect(kinds(r)).toEqual(['client', 'load-balancer']);
    const pending = findingOf(r, 'LB_PENDING')!;
    // MetalLB assigns from an autoAssign: false pool only on request (metallb.io/address-pool).
    expect(pending.detail).toContain('pool metallb-system/ingress-public has autoAssign: false');
    expect(pending.evidence).toContainEqual(
      expect.objectContaining({
        kind: 'IPAddressPool',
        name: 'ingress-public',
        field: 'spec.autoAssign',
        value: 'false',
      }),
    );
    expect(pending.fix).toContain(
      'kubectl annotate service -n ingress-nginx ingress-nginx-controller metallb.io/address-pool=ingress-public',
    );
    const lb = hopsOfKind(r, 'load-balancer')[0]!;
    expect(lb.facts?.['entry inferred']).toContain(
      'the Ingress has no status.loadBalancer; class "nginx" → controller k8s.io/ingress-nginx → Deployment ingress-nginx/ingress-nginx-controller',
    );
    expect(lb.facts?.['entry inferred']).toContain(
      'LoadBalancer Service ingress-nginx/ingress-nginx-controller, which selects them',
    );
  });

  it('lint agrees: the pool is autoAssign false and unrequested; once the Service names it, MetalLB can assign', async () => {
    expect(codes((await lint('ingress-manifests-metallb')).findings)).toContain('LB_PENDING');
    expect(codes((await lint('ingress-manifests-metallb-fixed')).findings)).not.toContain('LB_PENDING');
  });

  it('fixed: client → MetalLB L2 node → ingress-nginx pod → rule → backend, the client kept up to nginx', () => {
    const r = trace('ingress-manifests-metallb-fixed', 0);
    expect(r.verdict).toBe('delivered');
    const k = kinds(r);
    expect(k.slice(0, 3)).toEqual(['client', 'load-balancer', 'node-port']);
    expect(k).toContain('ingress');
    expect(k[k.length - 1]).toBe('endpoint');
    expect(hopsOfKind(r, 'load-balancer')[0]!.label).toBe('MetalLB L2 192.168.1.240');
    // The manifests carry no address: the hop says the first address of the pool is assumed.
    expect(hopsOfKind(r, 'load-balancer')[0]!.facts?.['address']).toContain(
      'assumed: no status.loadBalancer; the first address of pool ingress-public',
    );
    expect(codes(r.findings)).toEqual(
      expect.arrayContaining(['METALLB_L2_SINGLE_NODE', 'CLIENT_IP_VIA_HEADER']),
    );
    expect(hopsOfKind(r, 'ingress')[0]!.src).toBe('198.51.100.23');
    expect(hopsOfKind(r, 'endpoint')[0]!.label).toMatch(/^shop\/web-/);
    expect(hopsOfKind(r, 'endpoint')[0]!.src).toMatch(/^10\.244\./);
    expect(hopsOfKind(trace('ingress-manifests-metallb-fixed', 1), 'endpoint')[0]!.label).toMatch(
      /^shop\/api-/,
    );
  });
});

describe('ingress-nginx-regex-allowlist', () => {
  it('http from the office gets a 308 redirect to https', () => {
    const r = trace('ingress-nginx-regex-allowlist', 0);
    expect(r.verdict).toBe('delivered');
    expect(findingOf(r, 'INGRESS_REDIRECT')?.detail).toContain(
      '308 Permanent Redirect to https://shop.example.no/api/v2/orders',
    );
    expect(kinds(r)).not.toContain('endpoint');
  });

  it('https from the partner outside the allowlist gets 403 (INGRESS_SOURCE_DENIED)', () => {
    const r = trace('ingress-nginx-regex-allowlist', 1);
    expect(r.verdict).toBe('dropped');
    const f = findingOf(r, 'INGRESS_SOURCE_DENIED')!;
    expect(f.detail).toContain('nginx checks 198.51.100.77');
    expect(f.evidence).toContainEqual(
      expect.objectContaining({ kind: 'Ingress', name: 'shop-api', value: '203.0.113.0/24' }),
    );
    expect(hopsOfKind(r, 'ingress')[0]!.label).toBe('Ingress shop/shop-api → 403 Forbidden');
  });

  it('the office reaches the api through the case-insensitive regex location', () => {
    const r = trace('ingress-nginx-regex-allowlist', 2);
    expect(r.verdict).toBe('delivered');
    expect(hopsOfKind(r, 'ingress')[0]!.facts?.['nginx location']).toBe('~* "^/api/v[0-9]+/"');
    expect(hopsOfKind(r, 'endpoint')[0]!.label).toMatch(/^shop\/api-/);
  });

  it('fixed: the partner is admitted; the api pod sees the controller pod, the partner in X-Forwarded-For', () => {
    const r = trace('ingress-nginx-allowlist-partner', 1);
    expect(r.verdict).toBe('delivered');
    expect(codes(r.findings)).not.toContain('INGRESS_SOURCE_DENIED');
    const ing = hopsOfKind(r, 'ingress')[0]!;
    expect(ing.facts?.['X-Forwarded-For / X-Real-IP']).toBe('198.51.100.77 / 198.51.100.77');
    expect(hopsOfKind(r, 'endpoint')[0]!.src).not.toBe('198.51.100.77');
    expect(codes(trace('ingress-nginx-allowlist-partner', 0).findings)).toContain('INGRESS_REDIRECT');
  });
});
