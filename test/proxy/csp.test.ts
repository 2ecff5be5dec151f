// Strict CSP: pages get a per-request nonce and no 'unsafe-inline' script source; Next
// reads the nonce from the request's Content-Security-Policy header, which the proxy sets
// (https://nextjs.org/docs/app/guides/content-security-policy#adding-a-nonce-with-proxy);
// everything else gets `script-src 'self'` alone. The browser side (no violation on the
// main pages, the header as sent) is e2e/security-headers.spec.ts.

import { NextRequest } from 'next/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NextConfig } from 'next';
import { proxy } from '../../proxy';
import { contentSecurityPolicy, NONCE_HEADER } from '../../lib/server/csp';

afterEach(() => vi.unstubAllEnvs());

const scriptSrc = (csp: string) =>
  csp
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith('script-src '))!;

describe('CSP', () => {
  it('gives each page request its own nonce, in the answer and in the request Next renders', () => {
    const a = proxy(new NextRequest('http://localhost/trace'));
    const b = proxy(new NextRequest('http://localhost/trace'));
    const cspA = a.headers.get('content-security-policy')!;
    const cspB = b.headers.get('content-security-policy')!;
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(cspA)?.[1];
    expect(nonce).toHaveLength(24);
    expect(cspB).not.toBe(cspA);
    expect(scriptSrc(cspA)).toBe(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(cspA).not.toContain('unsafe-eval');
    // NextResponse.next({ request: { headers } }) hands the rewritten request headers to Next
    // as x-middleware-request-* headers.
    expect(a.headers.get(`x-middleware-request-${NONCE_HEADER}`)).toBe(nonce);
    expect(a.headers.get('x-middleware-request-content-security-policy')).toBe(cspA);
  });

  it('refusals and the login page carry the nonce-free policy', () => {
    vi.stubEnv('PACKETPATH_AUTH_TOKEN', 's3cret-token');
    for (const res of [
      proxy(new NextRequest('http://localhost/')),
      proxy(new NextRequest('http://localhost/api/trace')),
      proxy(new NextRequest('http://evil.example/', { headers: { host: 'evil.example' } })),
    ])
      expect(scriptSrc(res.headers.get('content-security-policy')!)).toBe("script-src 'self'");
  });

  it("next.config.js sends the same nonce-free policy where the proxy does not run, no 'unsafe-inline' script anywhere", async () => {
    // next.config.js is plain JS (Next loads it untranspiled): import it as the type Next sees.
    const configPath: string = '../../next.config.js';
    const nextConfig = ((await import(configPath)) as { default: NextConfig }).default;
    const rules = await nextConfig.headers!();
    const csp = (source: string) =>
      rules.find((r) => r.source === source)?.headers.find((h) => h.key === 'Content-Security-Policy')?.value;
    for (const source of ['/_next/static/:path*', '/api/sources'])
      expect(csp(source)).toBe(contentSecurityPolicy(undefined, false));
    expect(csp('/:path*')).toBeUndefined();
    expect(scriptSrc(contentSecurityPolicy('x', true))).toBe(
      "script-src 'self' 'nonce-x' 'strict-dynamic' 'unsafe-eval'",
    );
    for (const p of [contentSecurityPolicy('x', false), contentSecurityPolicy(undefined, false)])
      expect(scriptSrc(p)).not.toContain('unsafe-inline');
  });
});
