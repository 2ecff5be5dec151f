// ingress-nginx routing as the controller renders it into nginx.conf: regex locations
// (use-regex / rewrite-target turn every path of the host into a case-insensitive
// `~* "^path"` location, tried longest first, first match wins), the path the backend
// sees after rewrite-target, the HTTPS redirect, the source allowlist and which
// address nginx takes as the client ($remote_addr).

import type { KubeObject } from '../../model/types';
import type { Evidence } from '../types';
import ipaddr from 'ipaddr.js';
import { addressEntryContains } from '../platform/net';
import { list } from '../platform/read';
import type { IngressObj, IngressPath } from './l7-objects';
import { configValue } from './l7-entry';

const A = 'nginx.ingress.kubernetes.io/';

function on(v: string | undefined): boolean {
  return v?.trim().toLowerCase() === 'true';
}

/** rewrite-target set to something other than the path itself (template.go needsRewrite). */
function needsRewrite(ing: IngressObj, p: IngressPath): boolean {
  const t = ing.annotations[`${A}rewrite-target`];
  return t !== undefined && t !== '' && t !== p.path;
}

export interface NginxLocation {
  readonly ing: IngressObj;
  readonly path: IngressPath;
  /** The location as nginx.conf has it: `~* "^/api"`, `= /health`, `/`. */
  readonly location: string;
  readonly regex: boolean;
}

/**
 * The locations of the nginx server for `host`: every path of every rule whose host is
 * `serverHost` (undefined: the host-less rules of the default server). With use-regex or
 * rewrite-target on any of them, all become `~* "^path"` (template.go enforceRegexModifier
 * / buildLocation), Exact paths included.
 */
export function serverLocations(
  ings: readonly IngressObj[],
  serverHost: string | undefined,
): { locations: NginxLocation[]; regex: boolean; regexBy?: string } {
  const paths: Array<{ ing: IngressObj; path: IngressPath }> = [];
  for (const ing of ings)
    for (const r of ing.rules)
      if (r.host === serverHost) for (const p of r.paths) paths.push({ ing, path: p });
  const by = paths.find(({ ing, path }) => on(ing.annotations[`${A}use-regex`]) || needsRewrite(ing, path));
  const regex = by !== undefined;
  const locations = paths.map(({ ing, path }) => ({
    ing,
    path,
    regex,
    location: regex ? `~* "^${path.path}"` : path.pathType === 'Exact' ? `= ${path.path}` : path.path,
  }));
  const regexBy = by
    ? `Ingress ${by.ing.key} ${on(by.ing.annotations[`${A}use-regex`]) ? 'use-regex: "true"' : `rewrite-target: ${by.ing.annotations[`${A}rewrite-target`]}`}`
    : undefined;
  return { locations, regex, ...(regexBy ? { regexBy } : {}) };
}

function regexOf(path: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${path})`, 'i');
  } catch {
    return undefined;
  }
}

/**
 * The regex location nginx picks: ingress-nginx orders paths by descending length before
 * writing them as locations, and nginx takes the first regex that matches ("Regular
 * expressions in paths", path priority).
 */
export function matchRegexLocation(
  locations: readonly NginxLocation[],
  uri: string,
): NginxLocation | undefined {
  const ordered = [...locations].sort((a, b) => b.path.path.length - a.path.path.length);
  return ordered.find((l) => regexOf(l.path.path)?.test(uri) === true);
}

/**
 * The URI the backend receives: `rewrite "(?i)PATH" TARGET break;` replaces the whole URI
 * with TARGET, $1..$9 taken from the path regex's groups; the query string is kept.
 */
export function rewrittenPath(ing: IngressObj, p: IngressPath, uri: string): string | undefined {
  if (!needsRewrite(ing, p)) return undefined;
  const target = ing.annotations[`${A}rewrite-target`]!;
  let re: RegExp;
  try {
    re = new RegExp(p.path, 'i');
  } catch {
    return undefined;
  }
  const m = re.exec(uri);
  if (!m) return uri;
  return target.replace(/\$(\d)/g, (_, n: string) => m[Number(n)] ?? '');
}

export interface RedirectDecision {
  readonly annotation: 'ssl-redirect' | 'permanent-redirect' | 'temporal-redirect';
  readonly code: number;
  readonly location: string;
  readonly reason: string;
  readonly evidence: readonly Evidence[];
}

function ingEv(ing: IngressObj, field: string, value: string): Evidence {
  return { kind: 'Ingress', namespace: ing.namespace, name: ing.name, field, value };
}

function cmEv(cm: KubeObject, key: string, value: string): Evidence {
  return {
    kind: 'ConfigMap',
    namespace: cm.metadata.namespace ?? 'default',
    name: cm.metadata.name ?? '',
    field: `data.${key}`,
    value,
  };
}

/** spec.tls of the raw Ingress covers `host` (an entry without hosts covers the rules' hosts). */
export function tlsCovers(raw: KubeObject | undefined, host: string): boolean {
  return list(raw, 'spec.tls').some((t) => {
    const hosts = list(t, 'hosts')
      .filter((h): h is string => typeof h === 'string')
      .map((h) => h.toLowerCase());
    return (
      hosts.length === 0 ||
      hosts.includes(host) ||
      hosts.some(
        (h) => h.startsWith('*.') && host.endsWith(h.slice(1)) && !host.slice(0, -h.length + 1).includes('.'),
      )
    );
  });
}

/**
 * An http request answered with a redirect: force-ssl-redirect always; ssl-redirect
 * (annotation, else ConfigMap, default "true") only when the Ingress has TLS for the
 * host. The code is ConfigMap http-redirect-code (default 308).
 */
export function sslRedirect(
  ing: IngressObj,
  raw: KubeObject | undefined,
  cm: KubeObject | undefined,
  scheme: 'http' | 'https',
  host: string,
  uri: string,
): RedirectDecision | undefined {
  if (scheme !== 'http') return undefined;
  return httpsRedirect(ing, raw, cm, host, uri);
}

/**
 * permanent-redirect (code permanent-redirect-code, default 301) and temporal-redirect
 * (temporal-redirect-code, default 302): the location answers with `return CODE URL`, for
 * http and https alike. nginx runs `return` in the rewrite phase before the Lua rewrite
 * handler that does the HTTPS redirect, so these win over ssl-redirect.
 */
export function annotationRedirect(ing: IngressObj): RedirectDecision | undefined {
  for (const [key, codeKey, fallback] of [
    ['permanent-redirect', 'permanent-redirect-code', 301],
    ['temporal-redirect', 'temporal-redirect-code', 302],
  ] as const) {
    const url = ing.annotations[`${A}${key}`]?.trim();
    if (!url) continue;
    const codeText = ing.annotations[`${A}${codeKey}`];
    const code = Number(codeText ?? fallback) || fallback;
    return {
      annotation: key,
      code,
      location: url,
      reason: `${A}${key}: ${url}${codeText ? ` with ${codeKey} ${codeText}` : ''}`,
      evidence: [
        ingEv(ing, `metadata.annotations["${A}${key}"]`, url),
        ...(codeText ? [ingEv(ing, `metadata.annotations["${A}${codeKey}"]`, codeText)] : []),
      ],
    };
  }
  return undefined;
}

function httpsRedirect(
  ing: IngressObj,
  raw: KubeObject | undefined,
  cm: KubeObject | undefined,
  host: string,
  uri: string,
): RedirectDecision | undefined {
  const codeText = configValue(cm, 'http-redirect-code');
  const code = Number(codeText ?? '308') || 308;
  const location = `https://${host}${uri}`;
  const codeEv = cm && codeText ? [cmEv(cm, 'http-redirect-code', codeText)] : [];
  const forceAnn = ing.annotations[`${A}force-ssl-redirect`];
  const forceCm = configValue(cm, 'force-ssl-redirect');
  if (on(forceAnn) || (forceAnn === undefined && on(forceCm))) {
    const ev =
      forceAnn !== undefined
        ? ingEv(ing, `metadata.annotations["${A}force-ssl-redirect"]`, forceAnn)
        : cmEv(cm!, 'force-ssl-redirect', forceCm!);
    return {
      annotation: 'ssl-redirect',
      code,
      location,
      reason: `${A}force-ssl-redirect: "true"${forceAnn === undefined ? ' (controller ConfigMap)' : ''} redirects http even without TLS on the Ingress`,
      evidence: [ev, ...codeEv],
    };
  }
  if (!tlsCovers(raw, host)) return undefined;
  const ann = ing.annotations[`${A}ssl-redirect`];
  const fromCm = configValue(cm, 'ssl-redirect');
  const value = ann ?? fromCm ?? 'true';
  if (!on(value)) return undefined;
  const ev =
    ann !== undefined
      ? ingEv(ing, `metadata.annotations["${A}ssl-redirect"]`, ann)
      : cm && fromCm !== undefined
        ? cmEv(cm, 'ssl-redirect', fromCm)
        : ingEv(ing, `metadata.annotations["${A}ssl-redirect"]`, '(unset: ConfigMap default "true")');
  return {
    annotation: 'ssl-redirect',
    code,
    location,
    reason: `the Ingress has TLS for ${host} and ssl-redirect is "true"${ann === undefined ? (fromCm === undefined ? ' (ConfigMap default)' : ' (controller ConfigMap)') : ''}`,
    evidence: [ev, ingEv(ing, 'spec.tls[].hosts', host), ...codeEv],
  };
}

export interface ClientView {
  /** What nginx takes as the client ($remote_addr), checked by the allowlist and written to X-Real-IP. */
  readonly remote: string;
  /** The X-Forwarded-For header nginx sends to the backend. */
  readonly xff: string;
  /** How nginx got `remote`. */
  readonly how: string;
  readonly header: 'X-Forwarded-For' | 'PROXY protocol';
  readonly evidence: readonly Evidence[];
}

/**
 * $remote_addr as ingress-nginx sets it (ConfigMap): use-proxy-protocol takes the address
 * from the PROXY header the load balancer sends; use-forwarded-headers trusts an incoming
 * X-Forwarded-For (real_ip_header, from proxy-real-ip-cidr, default 0.0.0.0/0); otherwise
 * it is the packet's source. compute-full-forwarded-for appends instead of replacing.
 */
export function clientView(
  cm: KubeObject | undefined,
  packetSrc: string,
  originalClient: string,
  headers: ReadonlyMap<string, string> | undefined,
): ClientView {
  const flag = (k: string) => on(configValue(cm, k));
  const evidence = cm
    ? ['use-forwarded-headers', 'use-proxy-protocol', 'compute-full-forwarded-for'].map((k) =>
        cmEv(cm, k, configValue(cm, k) ?? '(unset: false)'),
      )
    : [];
  const incoming = headers?.get('x-forwarded-for');
  if (flag('use-proxy-protocol')) {
    return {
      remote: originalClient,
      xff: originalClient,
      header: 'PROXY protocol',
      how: `use-proxy-protocol: "true": the load balancer must send a PROXY header (assumed it does), from which nginx takes ${originalClient}`,
      evidence,
    };
  }
  if (flag('use-forwarded-headers') && incoming) {
    const first = incoming.split(',')[0]!.trim();
    return {
      remote: first,
      xff: flag('compute-full-forwarded-for') ? `${incoming}, ${packetSrc}` : incoming,
      header: 'X-Forwarded-For',
      how: `use-forwarded-headers: "true": nginx trusts the incoming X-Forwarded-For (${incoming}) and takes ${first} as the client`,
      evidence,
    };
  }
  return {
    remote: packetSrc,
    xff: packetSrc,
    header: 'X-Forwarded-For',
    how: `nginx takes the packet's source ${packetSrc} as the client${packetSrc !== originalClient ? ` (the client ${originalClient} was SNATed before it)` : ''}`,
    evidence,
  };
}

export interface AllowDecision {
  readonly allowed: boolean;
  /** Entries that are no IP address or CIDR: ingress-nginx then denies the whole location (503). */
  readonly invalid: readonly string[];
  readonly ranges: readonly string[];
  readonly source: string;
  readonly evidence: Evidence;
}

/**
 * allowlist-source-range (whitelist-source-range before v1.9, still read), else the
 * ConfigMap's whitelist-source-range: nginx `allow` for each range, then `deny all` (403).
 */
export function sourceAllowlist(
  ing: IngressObj,
  cm: KubeObject | undefined,
  remote: string,
): AllowDecision | undefined {
  const keys = [`${A}allowlist-source-range`, `${A}whitelist-source-range`];
  const key = keys.find((k) => ing.annotations[k] !== undefined);
  const fromCm = configValue(cm, 'whitelist-source-range');
  const value = key ? ing.annotations[key]! : fromCm;
  if (!value?.trim()) return undefined;
  const ranges = value
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  // net.ParseIPNets reports entries that are neither a CIDR nor an IP; the annotation
  // parser then marks the location denied unless some plain address parsed
  // (internal/ingress/annotations/ipallowlist/main.go: `err != nil && len(ips) == 0` →
  // LocationDeniedError, rendered as `return 503`); otherwise the valid entries apply.
  const bad = ranges.filter((r) => !validRange(r));
  const denied = bad.length > 0 && !ranges.some((r) => validRange(r) && !r.includes('/'));
  const invalid = denied ? bad : [];
  const allowed = !denied && ranges.some((r) => validRange(r) && addressEntryContains(r, remote));
  const evidence: Evidence = key
    ? ingEv(ing, `metadata.annotations["${key}"]`, value)
    : cmEv(cm!, 'whitelist-source-range', value);
  return {
    allowed,
    invalid,
    ranges,
    source: key
      ? `annotation ${key}`
      : `ConfigMap ${cm!.metadata.namespace}/${cm!.metadata.name} whitelist-source-range`,
    evidence,
  };
}

/** An IP address (four-part decimal IPv4, or IPv6) or `address/prefix`, as Go's net.ParseCIDR / ParseIP accept. */
function validRange(r: string): boolean {
  const [addr, bits, extra] = r.split('/');
  if (extra !== undefined || !addr) return false;
  const v4 = ipaddr.IPv4.isValidFourPartDecimal(addr);
  const v6 = !v4 && addr.includes(':') && ipaddr.IPv6.isValid(addr);
  if (!v4 && !v6) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (v4 ? 32 : 128);
}

/** backend-protocol (HTTP, HTTPS, GRPC, GRPCS, AUTO_HTTP, FCGI) and upstream-vhost, as hop facts. */
export function upstreamFacts(ing: IngressObj, host: string): Record<string, string> {
  const proto = ing.annotations[`${A}backend-protocol`]?.toUpperCase();
  const vhost = ing.annotations[`${A}upstream-vhost`];
  const how: Record<string, string> = {
    HTTPS: 'proxy_pass https:// (TLS to the backend)',
    GRPC: 'grpc_pass grpc:// (HTTP/2 cleartext)',
    GRPCS: 'grpc_pass grpcs:// (gRPC over TLS)',
    FCGI: 'fastcgi_pass',
    AUTO_HTTP: 'proxy_pass, http or https by the request',
  };
  return {
    ...(proto && proto !== 'HTTP' ? { 'backend protocol': `${proto}: ${how[proto] ?? proto}` } : {}),
    'Host header to backend': vhost ? `${vhost} (upstream-vhost)` : host,
  };
}

export function rawIngress(objects: readonly KubeObject[], ing: IngressObj): KubeObject | undefined {
  return objects.find(
    (o) => o.metadata.name === ing.name && (o.metadata.namespace ?? 'default') === ing.namespace,
  );
}
