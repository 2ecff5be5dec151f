// HTTPRoute match evaluation for one request (method, path, query, headers) and the
// Gateway API precedence between matching rules: across routes, the most specific
// matching hostname first (HTTPRouteSpec.hostnames: most characters in a matching
// non-wildcard hostname, then in a matching hostname), then (HTTPRouteRule.matches) Exact path, then the longest path prefix (characters), then a method match, then the
// most header matches, then the most query param matches; ties go to the oldest
// route, then to "{namespace}/{name}" in alphabetical order, then to the first rule
// and match in list order. RegularExpression path precedence is implementation-specific:
// it ranks here by pattern length, like a prefix.

import type { HTTPRouteObj, RouteMatch, RouteRule, ValueMatch } from './l7-objects';

export interface HttpRequest {
  readonly method: string;
  /** True when the query named no method and GET was assumed. */
  readonly methodAssumed: boolean;
  readonly path: string;
  /** Query parameters; names are case-sensitive. */
  readonly query: ReadonlyMap<string, readonly string[]>;
  /** Request headers by lowercase name (header names are case-insensitive). */
  readonly headers: ReadonlyMap<string, string>;
}

/** Builds the request a URL trace sends. */
export function httpRequest(
  path: string,
  query: string,
  method: string | undefined,
  headers: Readonly<Record<string, string>> | undefined,
): HttpRequest {
  const params = new Map<string, string[]>();
  for (const [k, v] of new URLSearchParams(query)) params.set(k, [...(params.get(k) ?? []), v]);
  const hs = new Map<string, string>();
  for (const [k, v] of Object.entries(headers ?? {})) hs.set(k.trim().toLowerCase(), v.trim());
  return {
    method: (method ?? 'GET').toUpperCase(),
    methodAssumed: method === undefined,
    path,
    query: params,
    headers: hs,
  };
}

function fullMatch(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return false;
  }
}

function valueFits(m: ValueMatch, value: string | undefined): boolean {
  if (value === undefined) return false;
  return m.type === 'RegularExpression' ? fullMatch(m.value, value) : m.value === value;
}

function pathFits(m: RouteMatch, path: string): boolean {
  if (m.pathType === 'Exact') return path === m.path;
  if (m.pathType === 'RegularExpression') return fullMatch(m.path, path);
  const want = m.path.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  return want.every((seg, i) => got[i] === seg);
}

function show(m: ValueMatch): string {
  return m.type === 'RegularExpression' ? `${m.name} ~ /${m.value}/` : `${m.name}: ${m.value}`;
}

/** What the request lacks for `m` beyond the path (header, query, method), in words; [] = it fits. */
export function missingFor(m: RouteMatch, req: HttpRequest): string[] {
  const out: string[] = [];
  if (m.method && m.method !== req.method) out.push(`method ${m.method}`);
  for (const h of m.headers) if (!valueFits(h, req.headers.get(h.name))) out.push(`header ${show(h)}`);
  for (const q of m.queryParams)
    if (!valueFits(q, req.query.get(q.name)?.[0]))
      out.push(`query ${q.type === 'RegularExpression' ? `${q.name}~/${q.value}/` : `${q.name}=${q.value}`}`);
  return out;
}

export interface RuleHit {
  readonly route: HTTPRouteObj;
  /** The route hostname that matched the request ('' when neither route nor listener names one). */
  readonly hostname: string;
  readonly rule: RouteRule;
  readonly match: RouteMatch;
  readonly matchIndex: number;
}

/** Sort key, smaller first: the Gateway API precedence, then the deterministic tie-breaks. */
function precedence(h: RuleHit): readonly (number | string)[] {
  const m = h.match;
  const wildcard = h.hostname.startsWith('*.');
  return [
    wildcard || !h.hostname ? 0 : -h.hostname.length,
    -h.hostname.length,
    m.pathType === 'Exact' ? 0 : 1,
    -m.path.length,
    m.method ? 0 : 1,
    -m.headers.length,
    -m.queryParams.length,
    h.route.createdAt ?? '9999',
    h.route.key,
    h.rule.index,
    h.matchIndex,
  ];
}

function compare(a: RuleHit, b: RuleHit): number {
  const ka = precedence(a);
  const kb = precedence(b);
  for (let i = 0; i < ka.length; i++) {
    const x = ka[i]!;
    const y = kb[i]!;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

export interface RouteDecision {
  /** The rule that serves the request, by precedence. */
  readonly hit?: RuleHit;
  /** Rules whose path fits but that need more (a header, a query param, a method), ranked above the hit. */
  readonly nearMisses: ReadonlyArray<RuleHit & { readonly needs: readonly string[] }>;
}

/**
 * Picks the rule serving `req` among the attached routes' rules. `hostnameOf` gives the
 * route's hostname that matched the request (the precedence's first criterion).
 */
export function decideRoute(
  routes: readonly HTTPRouteObj[],
  req: HttpRequest,
  hostnameOf: (r: HTTPRouteObj) => string = () => '',
): RouteDecision {
  const hits: RuleHit[] = [];
  const misses: Array<RuleHit & { needs: string[] }> = [];
  for (const route of routes) {
    const hostname = hostnameOf(route);
    for (const rule of route.rules) {
      rule.matches.forEach((match, matchIndex) => {
        if (!pathFits(match, req.path)) return;
        const needs = missingFor(match, req);
        if (needs.length === 0) hits.push({ route, hostname, rule, match, matchIndex });
        else misses.push({ route, hostname, rule, match, matchIndex, needs });
      });
    }
  }
  hits.sort(compare);
  const hit = hits[0];
  const nearMisses = misses.filter((m) => !hit || compare(m, hit) < 0).sort(compare);
  return { hit, nearMisses };
}

/** `HTTPRoute ns/name rule #i` */
export function ruleName(h: RuleHit): string {
  return `HTTPRoute ${h.route.key} rule #${h.rule.index}`;
}

/** The match in words: `PathPrefix /api, header x-canary: true, method POST`. */
export function matchText(m: RouteMatch): string {
  return [
    `${m.pathType} ${m.path}`,
    ...(m.method ? [`method ${m.method}`] : []),
    ...m.headers.map((h) => `header ${show(h)}`),
    ...m.queryParams.map((q) => `query ${q.name}${q.type === 'RegularExpression' ? '~' : '='}${q.value}`),
  ].join(', ');
}
