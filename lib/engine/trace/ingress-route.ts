// URL → Ingress: host (exact, then wildcard, then host-less rules), path (Exact, Prefix
// by path element, ImplementationSpecific as a string prefix), longest match wins,
// defaultBackend otherwise; the class's controller and its Service carry the traffic
// (inferred from the class when the Ingress has no status). For ingress-nginx the
// controller's own answers come first: regex locations, redirects, the source allowlist.

import type { TraceContext } from './context';
import type { IngressObj, IngressPath } from './l7-objects';
import { checkBackend, reachHostNetworkProxy, reachProxy } from './proxy';
import { identifyProxy, upstreamMode } from './l7-controllers';
import { controllerConfigMap, ingressEntry } from './l7-entry';
import type { NginxLocation } from './l7-nginx';
import {
  annotationRedirect,
  clientView,
  matchRegexLocation,
  rewrittenPath,
  serverLocations,
  sourceAllowlist,
  sslRedirect,
  upstreamFacts,
} from './l7-nginx';
import { forwardFromProxy } from './l7-upstream';
import { findObject } from '../platform/read';
import { podIP } from './pod-legs';

export function pathMatches(p: IngressPath, path: string): boolean {
  if (p.pathType === 'Exact') return p.path === path;
  if (p.pathType === 'ImplementationSpecific') return path.startsWith(p.path);
  const want = p.path.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  return want.length <= got.length && want.every((seg, i) => got[i] === seg);
}

function hostMatches(ruleHost: string | undefined, host: string): number {
  if (!ruleHost) return 1;
  if (ruleHost === host) return 3;
  if (ruleHost.startsWith('*.')) {
    const suffix = ruleHost.slice(1);
    return host.endsWith(suffix) && !host.slice(0, -suffix.length).includes('.') ? 2 : 0;
  }
  return 0;
}

export function candidateIngresses(ctx: TraceContext, host: string): IngressObj[] {
  const d = ctx.derived;
  const set = new Set<IngressObj>([
    ...(d.ingressesByHost.get(host) ?? []),
    ...d.wildcardIngresses,
    ...(d.ingressesByHost.get('*') ?? []),
  ]);
  return [...set].sort((a, b) => a.key.localeCompare(b.key));
}

interface Match {
  readonly ing: IngressObj;
  readonly path: IngressPath;
  readonly score: readonly number[];
}

function bestMatch(ings: readonly IngressObj[], host: string, path: string): Match | undefined {
  let best: Match | undefined;
  for (const ing of ings) {
    for (const rule of ing.rules) {
      const h = hostMatches(rule.host, host);
      if (h === 0) continue;
      for (const p of rule.paths) {
        if (!pathMatches(p, path)) continue;
        const score = [h, p.pathType === 'Exact' ? 1 : 0, p.path.length];
        if (!best || compare(score, best.score) > 0) best = { ing, path: p, score };
      }
    }
  }
  return best;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** The nginx server a host lands on: its exact host, else the wildcard host that matches, else the default server (host-less rules). */
function serverHost(ings: readonly IngressObj[], host: string): string | undefined {
  const hosts = ings.flatMap((i) => i.rules.map((r) => r.host));
  if (hosts.includes(host)) return host;
  return hosts
    .filter((h): h is string => h !== undefined && hostMatches(h, host) === 2)
    .sort((a, b) => b.length - a.length)[0];
}

/** Traces URL → Ingress → backend. Returns false when no Ingress is a candidate for the host. */
export function traceIngress(
  ctx: TraceContext,
  url: { scheme?: 'http' | 'https'; host: string; port: number; path: string; text: string },
  entryIP: string | undefined,
): boolean {
  const ings = candidateIngresses(ctx, url.host);
  if (ings.length === 0) return false;
  let match: { readonly ing: IngressObj; readonly path: IngressPath } | undefined = bestMatch(
    ings,
    url.host,
    url.path,
  );
  const first = match?.ing ?? ings.find((i) => i.defaultBackend) ?? ings[0]!;
  const className = first.className ?? first.legacyClass ?? ctx.derived.defaultIngressClass?.name;
  const cls = className ? ctx.derived.ingressClasses.get(className) : undefined;
  const proxy = identifyProxy(cls?.controller);
  // ingress-nginx renders one server per host: use-regex / rewrite-target on any of its
  // Ingresses turns every location of the host into a case-insensitive regex.
  const server =
    proxy.name === 'ingress-nginx' ? serverLocations(ings, serverHost(ings, url.host)) : undefined;
  let location: NginxLocation | undefined;
  if (server?.regex) {
    location = matchRegexLocation(server.locations, url.path);
    match = location ? { ing: location.ing, path: location.path } : undefined;
  } else if (server && match) {
    location = server.locations.find((l) => l.path === match!.path);
  }
  const ing = match?.ing ?? first;
  const entry = ingressEntry(ctx, ing, cls, className);
  const client = ctx.packet.src;
  const arrival =
    entry.hostNetworkPods?.length && !entry.svc
      ? reachHostNetworkProxy(ctx, entry.hostNetworkPods, url.text, url.port, entry.inferred!)
      : reachProxy(ctx, entry.svc, url.text, url.port, entryIP, entry.inferred);
  if (!arrival) return true;
  const seen = ctx.packet.src;
  const backendRef = match?.path.backend ?? ing.defaultBackend;
  const backendSvc = backendRef
    ? ctx.model.services.get(`${backendRef.namespace}/${backendRef.service}`)
    : undefined;
  const how = backendSvc ? ` ${upstreamMode(proxy, backendSvc, ing.annotations).why}.` : '';
  const raw = findObject(ctx.model, 'Ingress', ing.name, ing.namespace);
  const rewritten =
    match && proxy.name === 'ingress-nginx' ? rewrittenPath(match.ing, match.path, url.path) : undefined;
  const id = ctx.path.add({
    kind: 'ingress',
    label: `Ingress ${ing.key}${match ? (location?.regex ? ` ${location.location}` : ` ${match.path.pathType} ${match.path.path}`) : ' (no rule matches)'}`,
    node: arrival.node,
    src: ctx.packet.src,
    dst: ctx.packet.dst,
    explain: match
      ? `The controller${cls ? ` (${cls.controller})` : ''} matches host "${url.host}" and path "${url.path}" to ${match.path.index} of Ingress ${ing.key} (${location?.regex ? `regex location ${location.location}, case-insensitive, longest path first` : `${match.path.pathType} ${match.path.path}`}) and proxies to Service ${backendRef?.service}:${backendRef?.port}.${how}`
      : `No rule of ${ings.map((i) => i.key).join(', ')} matches host "${url.host}" path "${url.path}"${server?.regex ? ` (all locations of the host are regexes because of ${server.regexBy})` : ''}.`,
    facts: {
      class: className ?? '(none)',
      controller: cls?.controller ?? '(unclaimed)',
      host: url.host,
      path: url.path,
      ...(backendRef ? { backend: `${backendRef.service}:${backendRef.port ?? '(first port)'}` } : {}),
      ...(location ? { 'nginx location': location.location } : {}),
      ...(server?.regexBy
        ? { 'regex locations': `every path of ${url.host} is a ~* regex: ${server.regexBy}` }
        : {}),
      ...(rewritten !== undefined
        ? {
            'path to backend': `${rewritten} (rewrite-target ${match!.ing.annotations['nginx.ingress.kubernetes.io/rewrite-target']})`,
          }
        : {}),
      ...(entry.inferred
        ? { 'controller Service': entry.svc ? `${entry.svc.key} (inferred)` : '(none found)' }
        : {}),
      ...(match && proxy.name === 'ingress-nginx' ? upstreamFacts(match.ing, url.host) : {}),
    },
    refs: [{ kind: 'Ingress', namespace: ing.namespace, name: ing.name }],
  });
  const ingEv = (field: string, value: string) => ({
    kind: 'Ingress',
    namespace: ing.namespace,
    name: ing.name,
    field,
    value,
  });
  if (!cls) {
    ctx.path.raise(
      id,
      'INGRESS_CLASS_UNCLAIMED',
      { ingress: ing.key, className, classes: [...ctx.derived.ingressClasses.keys()].sort() },
      [ingEv('spec.ingressClassName', className ?? '(unset)')],
    );
  }
  if (!match) {
    ctx.path.raise(
      id,
      'INGRESS_NO_RULE_MATCH',
      {
        host: url.host,
        path: url.path,
        candidates: ings.map((i) => `Ingress ${i.key}`),
        defaultBackend: ing.defaultBackend
          ? `${ing.defaultBackend.service}:${ing.defaultBackend.port ?? ''}`
          : undefined,
      },
      ings.flatMap((i) =>
        i.rules.map((r) => ({
          kind: 'Ingress',
          namespace: i.namespace,
          name: i.name,
          field: `spec.rules[${r.index}]`,
          value: `${r.host ?? '*'} ${r.paths.map((p) => `${p.pathType} ${p.path}`).join(', ')}`,
        })),
      ),
    );
    ctx.path.drop(id, true);
    return true;
  }
  const cm =
    proxy.name === 'ingress-nginx'
      ? controllerConfigMap(ctx, entry.workload, entry.svc?.namespace ?? arrival.pod?.namespace)
      : undefined;
  if (proxy.name === 'ingress-nginx') {
    // nginx answers the redirect in the rewrite phase, before the access phase's allow/deny.
    const redirect =
      annotationRedirect(match.ing) ??
      sslRedirect(
        match.ing,
        raw,
        cm,
        url.scheme ?? (url.port === 443 ? 'https' : 'http'),
        url.host,
        url.path,
      );
    if (redirect) {
      ctx.path.patch(id, {
        label: `Ingress ${ing.key} → ${redirect.code} redirect`,
        explain: `The controller answers ${redirect.code} with Location ${redirect.location}: ${redirect.reason}. No backend is contacted; the client repeats the request over https.`,
        facts: { redirect: `${redirect.code} → ${redirect.location}` },
      });
      ctx.path.raise(
        id,
        'INGRESS_REDIRECT',
        {
          ingress: ing.key,
          code: redirect.code,
          location: redirect.location,
          reason: redirect.reason,
          scheme: url.scheme ?? 'http',
          host: url.host,
          path: url.path,
          annotation: redirect.annotation,
        },
        redirect.evidence,
      );
      return true;
    }
  }
  const view =
    proxy.name === 'ingress-nginx' ? clientView(cm, seen, client, ctx.request?.headers) : undefined;
  const allow = proxy.name === 'ingress-nginx' ? sourceAllowlist(match.ing, cm, view!.remote) : undefined;
  if (allow && !allow.allowed) {
    const status = allow.invalid.length ? '503 Service Unavailable (location denied)' : '403 Forbidden';
    ctx.path.patch(id, {
      label: `Ingress ${ing.key} → ${status}`,
      facts: { 'client address seen': view!.remote, allowlist: allow.ranges.join(', ') },
    });
    ctx.path.raise(
      id,
      'INGRESS_SOURCE_DENIED',
      {
        ingress: ing.key,
        url: url.text,
        remote: view!.remote,
        client,
        ranges: allow.ranges,
        invalid: allow.invalid,
        source: allow.source,
        how: view!.how,
        service: entry.svc?.key,
      },
      [
        allow.evidence,
        ...view!.evidence.filter((e) => e.value !== '(unset: false)'),
        ...(entry.svc && seen !== client
          ? [
              {
                kind: 'Service',
                namespace: entry.svc.namespace,
                name: entry.svc.name,
                field: 'spec.externalTrafficPolicy',
                value: entry.svc.externalTrafficPolicy,
              },
            ]
          : []),
      ],
    );
    ctx.path.drop(
      id,
      true,
      allow.invalid.length
        ? `${allow.source} holds ${allow.invalid.join(', ')}, not an address or CIDR: the location is denied (503)`
        : `${view!.remote} is outside ${allow.source} (${allow.ranges.join(', ')}): 403`,
    );
    return true;
  }
  if (!backendRef) return true;
  const check = checkBackend(ctx, backendRef);
  if (!check.ok) {
    ctx.path.raise(
      id,
      'INGRESS_BACKEND_MISSING',
      {
        owner: `Ingress ${ing.key}`,
        service: `${backendRef.namespace}/${backendRef.service}`,
        port: String(backendRef.port ?? ''),
        missing: check.missing,
        ports: check.ports,
      },
      [ingEv(`${match.path.index}.backend.service`, `${backendRef.service}:${backendRef.port ?? ''}`)],
    );
    ctx.path.drop(id, true);
    return true;
  }
  const proxyIP = arrival.pod ? podIP(arrival.pod) : undefined;
  const remote = view?.remote ?? seen;
  const xff = view?.xff ?? seen;
  ctx.path.raise(
    id,
    'CLIENT_IP_VIA_HEADER',
    {
      proxy: proxy.title,
      proxyIP,
      remote,
      client,
      header: view?.header ?? 'X-Forwarded-For',
      xff,
      how: view?.how ?? `${proxy.title} takes the packet's source ${seen} as the client`,
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
        : []),
      ...(view?.evidence ?? []),
    ],
  );
  const ref = { kind: 'Service', namespace: check.svc.namespace, name: check.svc.name };
  forwardFromProxy(
    ctx,
    id,
    arrival,
    proxy,
    [
      {
        label: `${check.svc.key}:${check.port.port}`,
        share: 1,
        ref,
        routePort: backendRef.port ?? check.port.port,
        target: { svc: check.svc, port: check.port },
      },
    ],
    0,
    ing.annotations,
  );
  ctx.path.patch(id, {
    facts: {
      'client address seen': remote,
      'X-Forwarded-For / X-Real-IP': `${xff} / ${remote}`,
      ...(view ? { 'client address from': view.how } : {}),
    },
  });
  return true;
}
