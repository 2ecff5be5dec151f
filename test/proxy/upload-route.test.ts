// /api/sources is left out of the proxy matcher so Next does not buffer (and cut at
// experimental.proxyClientMaxBodySize, 10 MB by default) a large upload body:
// https://nextjs.org/docs/app/api-reference/config/next-config-js/proxyClientMaxBodySize
// The route runs the same access check itself (guardRoute).

import { NextRequest } from 'next/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { config, guardRoute } from '../../proxy';

/** The matcher as Next applies it to a pathname (the source is one regular-expression group). */
function matched(pathname: string): boolean {
  return config.matcher.some((m) => new RegExp(`^${m}$`).test(pathname));
}

afterEach(() => vi.unstubAllEnvs());

describe('upload route and the proxy', () => {
  it('leaves exactly /api/sources to the route', () => {
    expect(matched('/api/sources')).toBe(false);
    expect(matched('/api/sources/upload:abc')).toBe(true);
    expect(matched('/api/trace')).toBe(true);
    expect(matched('/upload')).toBe(true);
    expect(matched('/_next/static/x.js')).toBe(false);
  });

  it("guards the route with the proxy's decision", () => {
    vi.stubEnv('PACKETPATH_AUTH_TOKEN', 's3cret-token');
    const denied = guardRoute(new NextRequest('http://dash.local/api/sources', { method: 'POST' }));
    expect(denied?.status).toBe(401);
    const allowed = guardRoute(
      new NextRequest('http://dash.local/api/sources', {
        method: 'POST',
        headers: { authorization: 'Bearer s3cret-token' },
      }),
    );
    expect(allowed).toBeUndefined();
    vi.stubEnv('PACKETPATH_AUTH_TOKEN', '');
    expect(guardRoute(new NextRequest('http://dash.local/api/sources'))).toBeUndefined();
  });
});
