// Checks every request must pass before any route sees it, whatever the access mode:
//  - Host: only the names this server is configured to answer to. A page on an attacker's
//    domain that re-points its DNS name at this server (DNS rebinding) sends its own name
//    in Host, so answering any Host would let that page read the API.
//  - Writes (POST/PUT/PATCH/DELETE on /api/*): a browser sends them only from our own
//    pages. A cross-site page can send a "simple" POST (text/plain, a form) without any
//    CORS preflight; the Origin / Sec-Fetch-Site headers browsers attach say where it
//    came from, and a body must be JSON, multipart or YAML, types a cross-site page cannot
//    send without a preflight that this server never grants.
// Pure functions of the request's headers, so the rules are tested without a server.

/** One answer for a refused request: the status and a sentence saying why. */
export interface Refusal {
  readonly status: 400 | 403 | 421;
  readonly error: string;
  readonly detail: string;
}

/** Names answered when PACKETPATH_ALLOWED_HOSTS is not set: this machine only. */
export const DEFAULT_ALLOWED_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The allowed host names: PACKETPATH_ALLOWED_HOSTS (comma-separated; `*.example.com` for a
 * domain's subdomains, `*` for any, which turns the check off), else the defaults plus the
 * host the server was told to bind to (HOSTNAME, as Next's standalone server reads it).
 */
export function allowedHostsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env) {
  const configured = env.PACKETPATH_ALLOWED_HOSTS?.split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  if (configured?.length) return configured;
  const bind = env.HOSTNAME?.trim().toLowerCase();
  const wildcardBind = !bind || bind === '0.0.0.0' || bind === '::' || bind === '[::]';
  return wildcardBind ? [...DEFAULT_ALLOWED_HOSTS] : [...DEFAULT_ALLOWED_HOSTS, bind];
}

/** The host name of a Host header value (`name[:port]`, `[v6][:port]`), or undefined if malformed. */
export function hostName(value: string): string | undefined {
  const v = value.trim().toLowerCase();
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?$/.exec(v);
  if (!m) return undefined;
  return m[1]!.replace(/\.$/, '');
}

function hostAllowed(name: string, allowed: readonly string[]): boolean {
  return allowed.some((rule) => {
    if (rule === '*') return true;
    if (rule.startsWith('*.')) return name.endsWith(rule.slice(1)) && name.length > rule.length - 1;
    return name === rule.replace(/\.$/, '');
  });
}

/** Undefined when the Host header names an allowed host; else the refusal. */
export function checkHost(host: string | null, allowed: readonly string[]): Refusal | undefined {
  // Every browser sends Host (HTTP/1.1 requires it, HTTP/2's :authority becomes it), so a
  // request without one cannot come from a rebinding page; in-process calls have none.
  if (host === null) return undefined;
  const name = hostName(host);
  if (!name)
    return { status: 400, error: 'bad request', detail: `the Host header "${clip(host)}" is malformed` };
  if (hostAllowed(name, allowed)) return undefined;
  return {
    status: 421,
    error: 'misdirected request',
    detail: `this server does not answer to the host "${clip(name)}"; add it to PACKETPATH_ALLOWED_HOSTS (docs/access-control.md)`,
  };
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Body types a write may carry; none of them is a CORS "simple" type except multipart. */
function bodyTypeAccepted(contentType: string): boolean {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return (
    type === 'application/json' ||
    /^application\/[a-z0-9.+-]+\+json$/.test(type) ||
    type === 'multipart/form-data' ||
    type === 'application/yaml' ||
    type === 'application/x-yaml' ||
    type === 'text/yaml' ||
    type === 'text/x-yaml'
  );
}

export interface WriteRequest {
  readonly method: string;
  readonly pathname: string;
  /** The Host header (already checked by checkHost). */
  readonly host: string | null;
  readonly origin: string | null;
  readonly secFetchSite: string | null;
  readonly contentType: string | null;
  /** True when the request carries a body (Content-Length > 0 or a chunked body). */
  readonly hasBody: boolean;
}

/** Undefined when a write may go on (or the request is not a write); else the 403. */
export function checkWrite(req: WriteRequest): Refusal | undefined {
  if (!WRITE_METHODS.has(req.method.toUpperCase()) || !req.pathname.startsWith('/api/')) return undefined;
  const site = req.secFetchSite?.trim().toLowerCase();
  if (site && site !== 'same-origin' && site !== 'none')
    return forbidden(`a ${site} request may not write (Sec-Fetch-Site: ${clip(site)})`);
  if (req.origin !== null) {
    const origin = originHost(req.origin);
    const host = req.host ? hostOf(req.host) : undefined;
    if (!origin || !host || origin !== host)
      return forbidden(
        `a write from the origin "${clip(req.origin)}" is refused: only this dashboard's own pages may write`,
      );
  }
  if (req.hasBody && !bodyTypeAccepted(req.contentType ?? ''))
    return forbidden(
      `a write must carry application/json, multipart/form-data or application/yaml, not "${clip(req.contentType?.split(';')[0]?.trim() || 'none')}"`,
    );
  return undefined;
}

const forbidden = (detail: string): Refusal => ({ status: 403, error: 'forbidden', detail });

/** `host:port` of a Host header, lower-cased, the port kept so another port is another origin. */
function hostOf(value: string): string | undefined {
  const v = value.trim().toLowerCase();
  return /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(:\d{1,5})?$/.test(v) ? v : undefined;
}

/** `host:port` of an Origin header; default ports dropped, as a Host header drops them. */
function originHost(origin: string): string | undefined {
  if (origin === 'null') return undefined;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.host.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Header values go into error text: keep them short and printable. */
function clip(s: string): string {
  const printable = s.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 80 ? `${printable.slice(0, 80)}…` : printable;
}
