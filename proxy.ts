// Optional access control for the dashboard (Next 16 "proxy", formerly middleware).
//   PACKETPATH_AUTH_TOKEN=SECRET   requests need `Authorization: Bearer SECRET`, or the
//                                  login cookie set by opening any page with ?token=SECRET
//   PACKETPATH_TRUST_PROXY_USER_HEADER=X-Forwarded-User
//                                  requests need that header, set by an authenticating
//                                  proxy in front (oauth2-proxy, an ingress with auth)
// Neither set: open (the default, e.g. on a laptop). Both set: either one suffices.
// Health routes are always open so probes work. See docs/access-control.md.

import { createHash, timingSafeEqual } from 'node:crypto';
import { NextRequest, NextResponse } from 'next/server';

export const COOKIE_NAME = 'packetpath_session';
const COOKIE_MAX_AGE = 30 * 24 * 3600;

export interface AccessConfig {
  readonly token?: string;
  /** Header name set by a trusted authenticating proxy. */
  readonly userHeader?: string;
}

export interface AccessRequest {
  readonly pathname: string;
  readonly searchParams: URLSearchParams;
  header(name: string): string | null;
  cookie(name: string): string | undefined;
  /** True when the client reached us over HTTPS (directly or per X-Forwarded-Proto). */
  readonly secure: boolean;
}

export type AccessDecision =
  | { readonly action: 'allow'; readonly user?: string }
  | {
      readonly action: 'login';
      readonly cookie: { name: string; value: string; maxAge: number; secure: boolean };
      readonly redirectTo: string;
    }
  | { readonly action: 'deny'; readonly status: 401; readonly reason: string; readonly api: boolean };

export function accessConfigFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): AccessConfig {
  const token = env.PACKETPATH_AUTH_TOKEN?.trim() || undefined;
  const userHeader = env.PACKETPATH_TRUST_PROXY_USER_HEADER?.trim() || undefined;
  return { token, userHeader };
}

/** The cookie holds a digest of the token, not the token: a leaked cookie does not reveal it. */
export function sessionValue(token: string): string {
  return createHash('sha256').update(`packetpath-session:${token}`).digest('base64url');
}

function same(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}

const isHealth = (p: string): boolean => p === '/api/health' || p.startsWith('/api/health/');

/** Decides what happens to one request; pure, so the rules are tested without a server. */
export function decideAccess(req: AccessRequest, config: AccessConfig): AccessDecision {
  if (!config.token && !config.userHeader) return { action: 'allow' };
  if (isHealth(req.pathname)) return { action: 'allow' };
  // A scraper of /metrics is a program, like an API client: it gets a JSON 401, not a login page.
  const api = req.pathname.startsWith('/api/') || req.pathname === '/metrics';

  if (config.userHeader) {
    const user = req.header(config.userHeader)?.trim();
    if (user) return { action: 'allow', user };
  }
  if (config.token) {
    const auth = req.header('authorization');
    const bearer = auth?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
    if (bearer && same(bearer, config.token)) return { action: 'allow' };
    const cookie = req.cookie(COOKIE_NAME);
    if (cookie && same(cookie, sessionValue(config.token))) return { action: 'allow' };
    const offered = req.searchParams.get('token');
    if (offered !== null) {
      if (!same(offered, config.token))
        return { action: 'deny', status: 401, reason: 'the token is not valid', api };
      const rest = new URLSearchParams(req.searchParams);
      rest.delete('token');
      const query = rest.toString();
      return {
        action: 'login',
        cookie: {
          name: COOKIE_NAME,
          value: sessionValue(config.token),
          maxAge: COOKIE_MAX_AGE,
          secure: req.secure,
        },
        // The token leaves the address bar (and history, and Referer) at once.
        redirectTo: `${req.pathname}${query ? `?${query}` : ''}`,
      };
    }
  }
  const reason = config.token
    ? 'a token is required: send "Authorization: Bearer TOKEN", or open the page with ?token=TOKEN once'
    : `this dashboard expects an authenticating proxy in front that sets ${config.userHeader}`;
  return { action: 'deny', status: 401, reason, api };
}

function loginPage(reason: string, tokenMode: boolean): string {
  const form = tokenMode
    ? '<form method="get"><label>Access token <input name="token" type="password" autocomplete="current-password" required autofocus></label> <button>Open</button></form>'
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>packetpath: sign in</title></head><body style="font-family:system-ui;max-width:36rem;margin:4rem auto;padding:0 1rem"><h1>packetpath</h1><p>${reason}</p>${form}</body></html>`;
}

export function proxy(request: NextRequest): NextResponse {
  const config = accessConfigFromEnv();
  const decision = decideAccess(
    {
      pathname: request.nextUrl.pathname,
      searchParams: request.nextUrl.searchParams,
      header: (name) => request.headers.get(name),
      cookie: (name) => request.cookies.get(name)?.value,
      secure: request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https',
    },
    config,
  );
  switch (decision.action) {
    case 'allow':
      return NextResponse.next();
    case 'login': {
      const url = request.nextUrl.clone();
      const target = new URL(decision.redirectTo, url);
      url.pathname = target.pathname;
      url.search = target.search;
      const res = NextResponse.redirect(url, 303);
      res.cookies.set(decision.cookie.name, decision.cookie.value, {
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        maxAge: decision.cookie.maxAge,
        secure: decision.cookie.secure,
      });
      return res;
    }
    case 'deny': {
      const headers = { 'WWW-Authenticate': 'Bearer realm="packetpath"', 'Cache-Control': 'no-store' };
      if (decision.api)
        return NextResponse.json(
          { error: 'unauthorized', detail: decision.reason },
          { status: 401, headers },
        );
      return new NextResponse(loginPage(decision.reason, !!config.token), {
        status: 401,
        headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' },
      });
    }
  }
}

/**
 * The same check for a route the proxy does not run on: a response to send (401, or the
 * login redirect) or undefined to go on. /api/sources is left out of the matcher because
 * while the proxy runs Next buffers the request body in memory for it and cuts it at
 * `experimental.proxyClientMaxBodySize` (10 MB by default,
 * https://nextjs.org/docs/app/api-reference/config/next-config-js/proxyClientMaxBodySize),
 * which would truncate a large upload; that route calls this itself and streams the body.
 */
export function guardRoute(request: Request): NextResponse | undefined {
  // The decision needs the address, headers and cookies only; a copy without the body
  // leaves the body unread for the route.
  const res = proxy(
    request instanceof NextRequest ? request : new NextRequest(request.url, { headers: request.headers }),
  );
  return res.headers.get('x-middleware-next') === '1' ? undefined : res;
}

export const config = {
  // Static build assets carry no cluster data; everything else passes through the check
  // here, except /api/sources, which runs guardRoute itself (see above).
  matcher: ['/((?!_next/static|_next/image|favicon.ico|api/sources$).*)'],
};
