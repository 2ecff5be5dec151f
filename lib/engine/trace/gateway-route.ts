// URL → Gateway API: listener by port / protocol / hostname, HTTPRoutes attached to it
// (parentRefs + sectionName/port, hostnames, allowedRoutes), the matching rule (path
// PathPrefix / Exact / RegularExpression, headers, method), filters, and weighted
// backendRefs shown as branches; cross-namespace refs need a ReferenceGrant.

import { matchesSelector } from '../../model/selectors';
import type { HopBranch } from '../types';
import type { TraceContext } from './context';
import type { GatewayObj, HTTPRouteObj, Listener } from './l7-objects';
import { decideRoute, httpRequest, matchText, ruleName } from './route-match';
import { checkBackend, reachProxy } from './proxy';
import { identifyProxy, upstreamMode } from './l7-controllers';
import type { Upstream } from './l7-upstream';
import { forwardFromProxy } from './l7-upstream';
import { gatewayEntry } from './l7-entry';
import { podIP } from './pod-legs';

export interface UrlParts {
  readonly scheme: 'http' | 'https';
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly text: string;
}

function hostnameMatches(pattern: string | undefined, host: string): boolean {
  if (!pattern) return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  return pattern === host;
}

/** Two hostnames intersect when either one matches the other (a wildcard covers the other's suffix). */
function intersects(a: string, b: string): boolean {
  return (
    a === b ||
    hostnameMatches(a, b) ||
    hostnameMatches(b, a) ||
    (a.startsWith('*.') && b.startsWith('*.') && (a.endsWith(b.slice(1)) || b.endsWith(a.slice(1))))
  );
}

/**
 * The route hostname that serves `host` on `listeners`: route hostnames that do not
 * intersect the listener's are ignored (HTTPRouteSpec.hostnames); among the rest that
 * match the request, the most specific (exact first, then the longest). A route without
 * hostnames takes the listener's. undefined: the route does not serve this host.
 */
export function routeHostname(
  route: HTTPRouteObj,
  listeners: readonly Listener[],
  host: string,
): string | undefined {
  const listenerNames = listeners.map((l) => l.hostname ?? '');
  if (route.hostnames.length === 0)
    return listenerNames.sort((a, b) => specificity(b) - specificity(a))[0] ?? '';
  const usable = route.hostnames.filter(
    (h) => hostnameMatches(h, host) && listenerNames.some((l) => !l || intersects(l, h)),
  );
  return usable.sort((a, b) => specificity(b) - specificity(a))[0];
}

/** Exact before wildcard, then the longer name. */
function specificity(h: string): number {
  return (h.startsWith('*.') || !h ? 0 : 1000) + h.length;
}

function listenerFits(l: Listener, url: UrlParts): boolean {
  const proto = url.scheme === 'https' ? ['HTTPS', 'TLS'] : ['HTTP'];
  return l.port === url.port && proto.includes(l.protocol) && hostnameMatches(l.hostname, url.host);
}

function allowsNamespace(ctx: TraceContext, gw: GatewayObj, l: Listener, ns: string): boolean {
  if (l.from === 'All') return true;
  if (l.from === 'Same') return ns === gw.namespace;
  return matchesSelector(
    l.selector,
    ctx.model.namespaces.get(ns)?.labels ?? { 'kubernetes.io/metadata.name': ns },
  );
}

/** Why the route cannot attach to `listener`, or undefined when it attaches. */
export function attachProblem(
  ctx: TraceContext,
  gw: GatewayObj,
  route: HTTPRouteObj,
  l: Listener,
): string | undefined {
  const refs = route.parents.filter((p) => p.name === gw.name && p.namespace === gw.namespace);
  if (
    !refs.some(
      (p) =>
        (p.sectionName === undefined || p.sectionName === l.name) &&
        (p.port === undefined || p.port === l.port),
    )
  ) {
    return `parentRefs name sectionName ${refs.map((p) => p.sectionName ?? '(any)').join(',')} / port ${refs.map((p) => p.port ?? '(any)').join(',')}, not listener "${l.name}" (port ${l.port})`;
  }
  if (!allowsNamespace(ctx, gw, l, route.namespace))
    return `listener "${l.name}" allowedRoutes.namespaces.from=${l.from} does not admit namespace ${route.namespace}`;
  if (
    route.hostnames.length &&
    l.hostname &&
    !route.hostnames.some((h) => hostnameMatches(l.hostname, h) || hostnameMatches(h, l.hostname!))
  ) {
    return `hostnames ${route.hostnames.join(',')} do not intersect listener hostname ${l.hostname}`;
  }
  return undefined;
}

/** Traces URL → Gateway → backend; false when no Gateway listener fits the URL. */
export function traceGateway(ctx: TraceContext, url: UrlParts, entryIP: string | undefined): boolean {
  const gws = ctx.derived.gateways.filter(
    (g) => (entryIP ? g.addresses.includes(entryIP) : true) && g.listeners.some((l) => listenerFits(l, url)),
  );
  const gw = gws[0];
  if (!gw) return false;
  // Listener isolation (Gateway API conformance feature GatewayHTTPListenerIsolation): a
  // request is served by the listener with the most specific matching hostname only.
  const fitting = gw.listeners.filter((l) => listenerFits(l, url));
  const top = Math.max(...fitting.map((l) => specificity(l.hostname ?? '')));
  const listeners = fitting.filter((l) => specificity(l.hostname ?? '') === top);
  const routes = (ctx.derived.routesByGateway.get(gw.key) ?? []).filter(
    (r) => r.hostnames.length === 0 || r.hostnames.some((h) => hostnameMatches(h, url.host)),
  );
  const attached: HTTPRouteObj[] = [];
  const problems: { route: HTTPRouteObj; reason: string }[] = [];
  for (const route of routes) {
    const reasons = listeners.map((l) => attachProblem(ctx, gw, route, l));
    if (reasons.some((r) => r === undefined)) attached.push(route);
    else problems.push({ route, reason: reasons.join('; ') });
  }
  const req = ctx.request ?? httpRequest(url.path, '', undefined, undefined);
  const serving = attached.filter((r) => routeHostname(r, listeners, url.host) !== undefined);
  const { hit, nearMisses } = decideRoute(serving, req, (r) => routeHostname(r, listeners, url.host) ?? '');
  const miss = nearMisses[0];
  const wouldMatch = miss
    ? `${ruleName(miss)} (${matchText(miss.match)}) with ${miss.needs.join(' and ')}`
    : undefined;
  const controller = ctx.derived.gatewayClasses.get(gw.className);
  const entry = gatewayEntry(ctx, gw, controller);
  const client = ctx.packet.src;
  const arrival = reachProxy(ctx, entry.svc, url.text, url.port, entryIP, entry.inferred);
  if (!arrival) return true;
  const seen = ctx.packet.src;
  const proxy = identifyProxy(controller);
  const weights = hit ? hit.rule.backends.map((b) => b.weight) : [];
  const total = weights.reduce((a, b) => a + b, 0);
  const chosenIdx = hit ? weights.indexOf(Math.max(...weights)) : -1;
  // Gateway API: requests weighted to an invalid backendRef get HTTP 500 from the gateway.
  const upstreams: Upstream[] = hit
    ? hit.rule.backends.map((b) => {
        const permitted =
          b.namespace === hit.route.namespace ||
          ctx.derived.grants.get(b.namespace)?.has(hit.route.namespace) === true;
        const check = checkBackend(ctx, b);
        const base = {
          label: `${b.namespace}/${b.service}:${b.port ?? ''}`,
          share: total ? b.weight / total : 0,
          weightNote: `weight ${b.weight}`,
          ref: { kind: 'Service', namespace: b.namespace, name: b.service },
          routePort: b.port,
        };
        if (!permitted)
          return { ...base, failure: '500 Internal Server Error: ResolvedRefs=False (RefNotPermitted)' };
        if (!check.ok)
          return { ...base, failure: '500 Internal Server Error: ResolvedRefs=False (BackendNotFound)' };
        return { ...base, target: { svc: check.svc, port: check.port } };
      })
    : [];
  const branches: HopBranch[] = upstreams.map((u, i) => ({
    label: u.label,
    share: u.share,
    target: u.ref,
    chosen: i === chosenIdx,
    note: u.failure ? `${u.weightNote}: ${u.failure}` : u.weightNote,
    ...(u.failure ? { failure: u.failure } : {}),
  }));
  const chosenTarget = upstreams[chosenIdx]?.target;
  const how = chosenTarget ? ` ${upstreamMode(proxy, chosenTarget.svc, {}).why}.` : '';
  const failing = upstreams.filter((u) => u.failure);
  const failText = failing.length
    ? ` ${failing.map((u) => `${Math.round(u.share * 1000) / 10}% of these requests (${u.label}) get ${u.failure}`).join('; ')}.`
    : '';
  const rewrite = hit?.rule.filters.find((f) => f.type === 'URLRewrite');
  const redirect = hit?.rule.filters.find((f) => f.type === 'RequestRedirect');
  const id = ctx.path.add({
    kind: 'gateway',
    label: `Gateway ${gw.key} listener ${listeners.map((l) => l.name).join(',')}${hit ? ` → HTTPRoute ${hit.route.key} rule #${hit.rule.index}` : ''}`,
    node: arrival.node,
    src: ctx.packet.src,
    dst: ctx.packet.dst,
    explain: hit
      ? `Listener ${listeners.map((l) => `"${l.name}"`).join(',')} (port ${url.port}) accepts ${url.host}; HTTPRoute ${hit.route.key} rule #${hit.rule.index} matches ${matchText(hit.match)}${hit.rule.filters.length ? `, applies ${hit.rule.filters.map((f) => f.type).join(', ')}` : ''} and sends to ${branches.map((b) => `${b.label} (${Math.round(b.share * 1000) / 10}%)`).join(', ')}.${how}${failText}${wouldMatch ? ` ${wouldMatch} would take precedence.` : ''}`
      : `No attached HTTPRoute rule matches ${req.method} ${url.host}${url.path}.${wouldMatch ? ` ${wouldMatch} would match.` : ''}`,
    facts: {
      gatewayClass: gw.className,
      listener: listeners.map((l) => `${l.name} ${l.protocol}/${l.port} ${l.hostname ?? '*'}`).join('; '),
      method: `${req.method}${req.methodAssumed ? ' (assumed)' : ''}`,
      ...(req.headers.size ? { headers: [...req.headers].map(([k, v]) => `${k}: ${v}`).join('; ') } : {}),
      ...(hit ? { rule: `${ruleName(hit)}: ${matchText(hit.match)}` } : {}),
      ...(hit?.hostname ? { 'route hostname': hit.hostname } : {}),
      ...(entry.inferred
        ? { 'proxy Service': entry.svc ? `${entry.svc.key} (inferred)` : '(none found)' }
        : {}),
      ...(wouldMatch ? { 'would match': wouldMatch } : {}),
      ...(hit?.rule.filters.length ? { filters: hit.rule.filters.map((f) => f.type).join(', ') } : {}),
      ...(rewrite
        ? { rewrite: JSON.stringify((rewrite.raw as Record<string, unknown>)['urlRewrite'] ?? {}) }
        : {}),
    },
    refs: [
      { kind: 'Gateway', namespace: gw.namespace, name: gw.name },
      ...(hit ? [{ kind: 'HTTPRoute', namespace: hit.route.namespace, name: hit.route.name }] : []),
    ],
    branches,
  });
  const gwEv = { kind: 'Gateway', namespace: gw.namespace, name: gw.name };
  if (!hit) {
    for (const p of problems) {
      ctx.path.raise(
        id,
        'GATEWAY_ROUTE_NOT_ATTACHED',
        { route: p.route.key, gateway: gw.key, reason: p.reason, listeners: gw.listeners.map((l) => l.name) },
        [
          {
            kind: 'HTTPRoute',
            namespace: p.route.namespace,
            name: p.route.name,
            field: 'spec.parentRefs',
            value: p.route.parents
              .map((x) => `${x.namespace}/${x.name}${x.sectionName ? `#${x.sectionName}` : ''}`)
              .join(','),
          },
          {
            ...gwEv,
            field: 'spec.listeners',
            value: gw.listeners.map((l) => `${l.name}:${l.port}`).join(','),
          },
        ],
      );
    }
    if (problems.length === 0) {
      ctx.path.raise(
        id,
        'GATEWAY_NO_RULE_MATCH',
        {
          host: url.host,
          path: url.path,
          method: req.method,
          routes: attached.map((r) => `HTTPRoute ${r.key}`),
          wouldMatch,
        },
        attached.flatMap((r) =>
          r.rules.map((rule) => ({
            kind: 'HTTPRoute',
            namespace: r.namespace,
            name: r.name,
            field: `spec.rules[${rule.index}].matches`,
            value: rule.matches.map(matchText).join(' | '),
          })),
        ),
      );
    }
    ctx.path.drop(id, true);
    return true;
  }
  const routeEv = { kind: 'HTTPRoute', namespace: hit.route.namespace, name: hit.route.name };
  if (hit.rule.backends.length > 1) {
    ctx.path.raise(
      id,
      'GATEWAY_WEIGHTED_SPLIT',
      {
        route: hit.route.key,
        branches: hit.rule.backends.map((b, i) => ({
          name: `${b.namespace}/${b.service}`,
          weight: b.weight,
          share: branches[i]?.share ?? 0,
        })),
      },
      [{ ...routeEv, field: `spec.rules[${hit.rule.index}].backendRefs[].weight`, value: weights.join('/') }],
    );
  }
  let chosenBlocked = false;
  hit.rule.backends.forEach((b, i) => {
    if (
      b.namespace === hit!.route.namespace ||
      ctx.derived.grants.get(b.namespace)?.has(hit!.route.namespace)
    )
      return;
    ctx.path.raise(
      id,
      'GATEWAY_REFERENCE_NOT_PERMITTED',
      {
        route: hit!.route.key,
        routeNamespace: hit!.route.namespace,
        backend: `${b.namespace}/${b.service}`,
        backendNamespace: b.namespace,
        share: upstreams[i]?.share,
        proxy: proxy.name === 'unknown' ? undefined : proxy.title,
      },
      [
        {
          ...routeEv,
          field: `spec.rules[${hit!.rule.index}].backendRefs[${i}].namespace`,
          value: b.namespace,
        },
        {
          kind: 'ReferenceGrant',
          namespace: b.namespace,
          name: '(none)',
          field: 'spec.from',
          value: `no grant for HTTPRoute from ${hit!.route.namespace}`,
        },
      ],
    );
    if (i === chosenIdx) chosenBlocked = true;
  });
  if (redirect) {
    ctx.path.patch(id, {
      facts: { redirect: JSON.stringify((redirect.raw as Record<string, unknown>)['requestRedirect'] ?? {}) },
      explain: `The gateway answers with a redirect (RequestRedirect filter of HTTPRoute ${hit.route.key}); no backend is contacted.`,
    });
    return true;
  }
  // Every permitted backendRef that names no Service or port answers 500 for its share.
  hit.rule.backends.forEach((b, i) => {
    const u = upstreams[i];
    if (!u || u.target || u.failure?.includes('RefNotPermitted')) return;
    const check = checkBackend(ctx, b);
    if (check.ok) return;
    ctx.path.raise(
      id,
      'INGRESS_BACKEND_MISSING',
      {
        owner: `HTTPRoute ${hit.route.key}`,
        service: `${b.namespace}/${b.service}`,
        port: String(b.port ?? ''),
        missing: check.missing,
        ports: check.ports,
        share: u.share,
      },
      [
        {
          ...routeEv,
          field: `spec.rules[${hit.rule.index}].backendRefs[${i}]`,
          value: `${b.service}:${b.port ?? ''}`,
        },
      ],
    );
    if (i === chosenIdx) chosenBlocked = true;
  });
  if (chosenBlocked || !upstreams[chosenIdx]?.target) {
    ctx.path.drop(id, true);
    return true;
  }
  const proxyIP = arrival.pod ? podIP(arrival.pod) : undefined;
  ctx.path.raise(
    id,
    'CLIENT_IP_VIA_HEADER',
    {
      proxy: proxy.title,
      proxyIP,
      remote: seen,
      client,
      header: 'X-Forwarded-For',
      xff: seen,
      how: `${proxy.title} takes the packet's source ${seen} as the client and appends it to X-Forwarded-For`,
      service: entry.svc?.key,
    },
    [
      ...(arrival.pod
        ? [
            {
              kind: 'Pod',
              namespace: arrival.pod.namespace,
              name: arrival.pod.name,
              field: 'status.podIP',
              value: proxyIP ?? '',
            },
          ]
        : []),
      ...(entry.svc
        ? [
            {
              kind: 'Service',
              namespace: entry.svc.namespace,
              name: entry.svc.name,
              field: 'spec.externalTrafficPolicy',
              value: entry.svc.externalTrafficPolicy,
            },
          ]
        : [{ ...gwEv, field: 'status.addresses', value: gw.addresses.join(',') || '[]' }]),
    ],
  );
  forwardFromProxy(ctx, id, arrival, proxy, upstreams, chosenIdx, {});
  return true;
}
