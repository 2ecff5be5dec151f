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
import { AuthThrottle } from './lib/server/auth-throttle';
import { contentSecurityPolicy, NONCE_HEADER, newNonce } from './lib/server/csp';
import { allowedHostsFromEnv, checkHost, checkWrite, type Refusal } from './lib/server/request-guard';

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

// Exactly the probe routes: a prefix match would let `/api/health/..%2fsources` through to
// the not-found page, whose layout lists the sources (found by e2e/access-control.spec.ts).
const HEALTH = new Set(['/api/health/live', '/api/health/ready']);
const isHealth = (p: string): boolean => HEALTH.has(p);

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

/** Host and cross-site write checks (lib/server/request-guard.ts); health probes are exempt. */
function refuse(request: NextRequest): Refusal | undefined {
  const pathname = request.nextUrl.pathname;
  if (isHealth(pathname)) return undefined;
  const host = request.headers.get('host');
  const length = Number(request.headers.get('content-length') ?? 0);
  return (
    checkHost(host, allowedHostsFromEnv()) ??
    checkWrite({
      method: request.method,
      pathname,
      host,
      origin: request.headers.get('origin'),
      secFetchSite: request.headers.get('sec-fetch-site'),
      contentType: request.headers.get('content-type'),
      hasBody: length > 0 || request.headers.has('transfer-encoding'),
    })
  );
}

const dev = process.env.NODE_ENV === 'development';

const THROTTLE = Symbol.for('packetpath.auth-throttle');
/** One per process, shared by the proxy and the upload route (separate bundles). */
function throttle(): AuthThrottle {
  const g = globalThis as { [THROTTLE]?: AuthThrottle };
  return (g[THROTTLE] ??= new AuthThrottle());
}

/** The client as Next reports it: the first X-Forwarded-For entry (Next sets it to the socket address when absent). */
function clientAddress(request: NextRequest): string {
  return request.headers.get('x-forwarded-for')?.split(',')[0]?.trim().slice(0, 64) || 'unknown';
}

function tooManyAttempts(seconds: number, api: boolean): NextResponse {
  const detail = `too many failed sign-in attempts from this address; try again in ${seconds} s`;
  const headers = { 'Retry-After': String(seconds), 'Cache-Control': 'no-store' };
  return api
    ? NextResponse.json({ error: 'too many requests', detail }, { status: 429, headers })
    : new NextResponse(detail, {
        status: 429,
        headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' },
      });
}

/** One line per failed attempt, never the credential itself. */
function logFailure(request: NextRequest, client: string): void {
  console.warn(
    JSON.stringify({
      level: 'warn',
      msg: 'authentication failed',
      client,
      method: request.method,
      path: request.nextUrl.pathname.slice(0, 200),
      time: new Date().toISOString(),
    }),
  );
}

function decide(request: NextRequest): NextResponse {
  const refusal = refuse(request);
  if (refusal)
    return NextResponse.json(
      { error: refusal.error, detail: refusal.detail },
      { status: refusal.status, headers: { 'Cache-Control': 'no-store' } },
    );
  const config = accessConfigFromEnv();
  const offersCredential =
    !!config.token &&
    !isHealth(request.nextUrl.pathname) &&
    (request.headers.has('authorization') ||
      request.cookies.has(COOKIE_NAME) ||
      request.nextUrl.searchParams.has('token'));
  const client = clientAddress(request);
  if (offersCredential) {
    // Checked before the credential is compared: a client past the limit learns nothing more.
    const wait = throttle().blocked(client);
    if (wait !== undefined) return tooManyAttempts(wait, request.nextUrl.pathname.startsWith('/api/'));
  }
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
    case 'allow': {
      // The nonce travels to Next (which reads the request's CSP) and to the layout (x-nonce).
      const nonce = newNonce();
      const csp = contentSecurityPolicy(nonce, dev);
      const headers = new Headers(request.headers);
      headers.set(NONCE_HEADER, nonce);
      headers.set('content-security-policy', csp);
      const res = NextResponse.next({ request: { headers } });
      res.headers.set('Content-Security-Policy', csp);
      return res;
    }
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
      if (offersCredential) {
        throttle().fail(client);
        logFailure(request, client);
      }
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

/** Every answer the proxy gives carries a CSP: the page policy with a nonce, else the strict one. */
export function proxy(request: NextRequest): NextResponse {
  const res = decide(request);
  if (!res.headers.has('content-security-policy'))
    res.headers.set('Content-Security-Policy', contentSecurityPolicy(undefined, dev));
  return res;
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
  // The decision needs the method, address, headers and cookies only; a copy without the
  // body leaves the body unread for the route.
  const res = proxy(
    request instanceof NextRequest
      ? request
      : new NextRequest(request.url, { method: request.method, headers: request.headers }),
  );
  return res.headers.get('x-middleware-next') === '1' ? undefined : res;
}

export const config = {
  // Static build assets carry no cluster data; everything else passes through the check
  // here, except /api/sources, which runs guardRoute itself (see above).
  matcher: ['/((?!_next/static|_next/image|favicon.ico|api/sources$).*)'],
};
