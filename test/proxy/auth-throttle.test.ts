// Failed sign-in attempts are logged and rate-limited per client address (429 with
// Retry-After, RFC 6585 §4 https://www.rfc-editor.org/rfc/rfc6585#section-4), in bounded
// memory; the limit is checked before the credential is compared.

import { NextRequest } from 'next/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { proxy } from '../../proxy';
import { AuthThrottle } from '../../lib/server/auth-throttle';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('packetpath.auth-throttle')];
});

const limits = { perClient: 3, global: 5, windowMs: 60_000, maxClients: 4 };

describe('AuthThrottle', () => {
  it('blocks a client after its failures for the rest of the window, then lets it try again', () => {
    let t = 1_000_000;
    const th = new AuthThrottle(limits, () => t);
    for (let i = 0; i < 3; i++) {
      expect(th.blocked('a')).toBeUndefined();
      th.fail('a');
    }
    expect(th.blocked('a')).toBe(60);
    expect(th.blocked('b')).toBeUndefined();
    t += 45_500;
    expect(th.blocked('a')).toBe(15);
    t += 15_000;
    expect(th.blocked('a')).toBeUndefined();
  });

  it('caps all clients together, so changing address does not raise the guessing rate', () => {
    const th = new AuthThrottle(limits, () => 0);
    for (const c of ['a', 'b', 'c', 'd', 'e']) th.fail(c);
    expect(th.blocked('never-seen')).toBe(60);
  });

  it('remembers at most maxClients addresses', () => {
    const th = new AuthThrottle({ ...limits, global: 1e9 }, () => 0);
    for (let i = 0; i < 1000; i++) th.fail(`10.0.${i >> 8}.${i & 255}`);
    expect(th.size).toBe(4);
  });
});

describe('proxy with a token', () => {
  const call = (headers: Record<string, string>, path = '/api/trace') =>
    proxy(new NextRequest(`http://localhost${path}`, { headers }));

  it('answers 429 with Retry-After after 10 wrong tokens from one address, even to the right token; logs each without the token', async () => {
    vi.stubEnv('PACKETPATH_AUTH_TOKEN', 's3cret-token');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const from = { 'x-forwarded-for': '203.0.113.9' };
    for (let i = 0; i < 10; i++)
      expect(call({ ...from, authorization: `Bearer guess-${i}` }).status).toBe(401);
    const blocked = call({ ...from, authorization: 'Bearer guess-10' });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await blocked.json()).toMatchObject({ error: 'too many requests' });
    expect(call({ ...from, authorization: 'Bearer s3cret-token' }).status).toBe(429);
    expect(call({ ...from }, '/trace?token=s3cret-token').status).toBe(429);
    // Another address is not held up, and probes never are.
    expect(
      call({ 'x-forwarded-for': '198.51.100.1', authorization: 'Bearer s3cret-token' }).headers.get(
        'x-middleware-next',
      ),
    ).toBe('1');
    expect(call({ ...from }, '/api/health/live').headers.get('x-middleware-next')).toBe('1');
    expect(warn).toHaveBeenCalledTimes(10);
    const line = JSON.parse(String(warn.mock.calls[0]![0]));
    expect(line).toMatchObject({
      level: 'warn',
      msg: 'authentication failed',
      client: '203.0.113.9',
      path: '/api/trace',
    });
    expect(warn.mock.calls.flat().join('\n')).not.toContain('guess-');
  });

  it('does not count a request that offers no credential (a first visit), nor run in the open mode', () => {
    vi.stubEnv('PACKETPATH_AUTH_TOKEN', 's3cret-token');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (let i = 0; i < 20; i++) expect(call({ 'x-forwarded-for': '203.0.113.7' }).status).toBe(401);
    expect(warn).not.toHaveBeenCalled();
    vi.stubEnv('PACKETPATH_AUTH_TOKEN', '');
    for (let i = 0; i < 20; i++)
      expect(call({ authorization: 'Bearer whatever' }).headers.get('x-middleware-next')).toBe('1');
  });
});
