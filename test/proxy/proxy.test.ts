import { describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import {
  accessConfigFromEnv,
  COOKIE_NAME,
  decideAccess,
  proxy,
  sessionValue,
  type AccessConfig,
} from '../../proxy';

function req(path: string, headers: Record<string, string> = {}, cookies: Record<string, string> = {}) {
  const url = new URL(path, 'http://dash.local');
  const h = new Headers(headers);
  return {
    pathname: url.pathname,
    searchParams: url.searchParams,
    header: (n: string) => h.get(n),
    cookie: (n: string) => cookies[n],
    secure: false,
  };
}

const token: AccessConfig = { token: 's3cret-token' };
const header: AccessConfig = { userHeader: 'X-Forwarded-User' };

describe('decideAccess', () => {
  it('is open when nothing is configured', () => {
    expect(decideAccess(req('/trace'), {})).toEqual({ action: 'allow' });
    expect(accessConfigFromEnv({})).toEqual({ token: undefined, userHeader: undefined });
    expect(
      accessConfigFromEnv({ PACKETPATH_AUTH_TOKEN: '  ', PACKETPATH_TRUST_PROXY_USER_HEADER: 'X-User' }),
    ).toEqual({ token: undefined, userHeader: 'X-User' });
  });

  it('always lets health probes through', () => {
    for (const c of [token, header]) {
      expect(decideAccess(req('/api/health/live'), c).action).toBe('allow');
      expect(decideAccess(req('/api/health/ready'), c).action).toBe('allow');
    }
    expect(decideAccess(req('/api/healthz'), token).action).toBe('deny');
    // Only the probe routes themselves: nothing below them (a not-found page lists sources).
    for (const p of ['/api/health', '/api/health/', '/api/health/..%2fsources', '/api/health/live/x'])
      expect(decideAccess(req(p), token).action, p).toBe('deny');
  });

  it('token: bearer header or session cookie allow; nothing or a wrong token denies', () => {
    expect(decideAccess(req('/api/trace', { Authorization: 'Bearer s3cret-token' }), token).action).toBe(
      'allow',
    );
    expect(decideAccess(req('/api/trace', { Authorization: 'Bearer wrong' }), token)).toMatchObject({
      action: 'deny',
      status: 401,
      api: true,
    });
    expect(
      decideAccess(req('/trace', {}, { [COOKIE_NAME]: sessionValue('s3cret-token') }), token).action,
    ).toBe('allow');
    expect(decideAccess(req('/trace', {}, { [COOKIE_NAME]: 's3cret-token' }), token).action).toBe('deny');
    expect(decideAccess(req('/trace'), token)).toMatchObject({
      action: 'deny',
      api: false,
      reason: expect.stringContaining('?token='),
    });
    expect(decideAccess(req('/trace?token=nope'), token)).toMatchObject({
      action: 'deny',
      reason: 'the token is not valid',
    });
  });

  it('token: ?token= sets the cookie and redirects to the same page without the token', () => {
    const d = decideAccess(req('/trace?source=live&token=s3cret-token&from=pod%3Aa%2Fb'), token);
    expect(d).toEqual({
      action: 'login',
      cookie: {
        name: COOKIE_NAME,
        value: sessionValue('s3cret-token'),
        maxAge: 30 * 24 * 3600,
        secure: false,
      },
      redirectTo: '/trace?source=live&from=pod%3Aa%2Fb',
    });
    expect(sessionValue('s3cret-token')).not.toContain('s3cret');
  });

  it('proxy header: the header allows (with the user), its absence denies', () => {
    expect(decideAccess(req('/', { 'X-Forwarded-User': 'ana@example.org' }), header)).toEqual({
      action: 'allow',
      user: 'ana@example.org',
    });
    expect(decideAccess(req('/', { 'X-Forwarded-User': ' ' }), header).action).toBe('deny');
    expect(decideAccess(req('/'), header)).toMatchObject({
      action: 'deny',
      reason: expect.stringContaining('X-Forwarded-User'),
    });
    // Both configured: either satisfies.
    const both = { ...token, ...header };
    expect(decideAccess(req('/', { 'X-Forwarded-User': 'ana' }), both).action).toBe('allow');
    expect(decideAccess(req('/', { Authorization: 'Bearer s3cret-token' }), both).action).toBe('allow');
  });
});

describe('proxy()', () => {
  it('answers APIs with JSON 401, pages with a token form, and logs in with ?token=', () => {
    const saved = process.env.PACKETPATH_AUTH_TOKEN;
    process.env.PACKETPATH_AUTH_TOKEN = 's3cret-token';
    try {
      const api = proxy(new NextRequest('http://dash.local/api/sources'));
      expect(api.status).toBe(401);
      expect(api.headers.get('www-authenticate')).toContain('Bearer');
      const page = proxy(new NextRequest('http://dash.local/'));
      expect(page.status).toBe(401);
      expect(page.headers.get('content-type')).toContain('text/html');
      const login = proxy(new NextRequest('https://dash.local/trace?token=s3cret-token&x=1'));
      expect(login.status).toBe(303);
      expect(login.headers.get('location')).toBe('https://dash.local/trace?x=1');
      const setCookie = login.headers.get('set-cookie')!;
      expect(setCookie).toContain(`${COOKIE_NAME}=${sessionValue('s3cret-token')}`);
      expect(setCookie).toMatch(/HttpOnly/i);
      expect(setCookie).toMatch(/Secure/i);
      expect(
        proxy(new NextRequest('http://dash.local/api/health/ready')).headers.get('x-middleware-next'),
      ).toBe('1');
    } finally {
      if (saved === undefined) delete process.env.PACKETPATH_AUTH_TOKEN;
      else process.env.PACKETPATH_AUTH_TOKEN = saved;
    }
  });
});
