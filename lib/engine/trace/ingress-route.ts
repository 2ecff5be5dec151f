// URL → Ingress: host (exact, then wildcard, then host-less rules), path (Exact, Prefix
// by path element, ImplementationSpecific as a string prefix), longest match wins,
// defaultBackend otherwise; the class's controller and its Service carry the traffic.

import type { Service } from '../../model/types';
import type { TraceContext } from './context';
import type { IngressObj, IngressPath } from './l7-objects';
import { checkBackend, reachProxy } from './proxy';
import { identifyProxy, upstreamMode } from './l7-controllers';
import { forwardFromProxy } from './l7-upstream';

/** Services of known controllers, by the label their charts put on the controller Service. */
const CONTROLLER_SERVICE_LABEL: Readonly<Record<string, string>> = {
  'k8s.io/ingress-nginx': 'app.kubernetes.io/name=ingress-nginx',
  'traefik.io/ingress-controller': 'app.kubernetes.io/name=traefik',
  'haproxy.org/ingress-controller/haproxy': 'app.kubernetes.io/name=kubernetes-ingress',
  'ingress-controllers.nginx.org/nginx': 'app.kubernetes.io/name=nginx-ingress',
};

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
  const set = new Set<IngressObj>([...(d.ingressesByHost.get(host) ?? []), ...d.wildcardIngresses, ...(d.ingressesByHost.get('*') ?? [])]);
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

function controllerService(ctx: TraceContext, ing: IngressObj, controller: string | undefined): Service | undefined {
  for (const ip of ing.lbIPs) {
    const svc = ctx.model.index.serviceByIP.get(ip);
    if (svc) return svc;
  }
  const label = controller ? CONTROLLER_SERVICE_LABEL[controller] : undefined;
  const list = label ? (ctx.derived.servicesByLabel.get(label) ?? []) : [];
  return list.find((s) => s.type === 'LoadBalancer') ?? list.find((s) => s.type === 'NodePort') ?? list[0];
}

/** Traces URL → Ingress → backend. Returns false when no Ingress is a candidate for the host. */
export function traceIngress(ctx: TraceContext, url: { host: string; port: number; path: string; text: string }, entryIP: string | undefined): boolean {
  const ings = candidateIngresses(ctx, url.host);
  if (ings.length === 0) return false;
  const match = bestMatch(ings, url.host, url.path);
  const ing = match?.ing ?? ings.find((i) => i.defaultBackend) ?? ings[0]!;
  const className = ing.className ?? ing.legacyClass ?? ctx.derived.defaultIngressClass?.name;
  const cls = className ? ctx.derived.ingressClasses.get(className) : undefined;
  const arrival = reachProxy(ctx, controllerService(ctx, ing, cls?.controller), url.text, url.port, entryIP);
  if (!arrival) return true;
  const backendRef = match?.path.backend ?? ing.defaultBackend;
  const proxy = identifyProxy(cls?.controller);
  const backendSvc = backendRef ? ctx.model.services.get(`${backendRef.namespace}/${backendRef.service}`) : undefined;
  const how = backendSvc ? ` ${upstreamMode(proxy, backendSvc, ing.annotations).why}.` : '';
  const id = ctx.path.add({
    kind: 'ingress',
    label: `Ingress ${ing.key}${match ? ` ${match.path.pathType} ${match.path.path}` : ' (no rule matches)'}`,
    node: arrival.node,
    src: ctx.packet.src,
    dst: ctx.packet.dst,
    explain: match
      ? `The controller${cls ? ` (${cls.controller})` : ''} matches host "${url.host}" and path "${url.path}" to ${match.path.index} of Ingress ${ing.key} (${match.path.pathType} ${match.path.path}) and proxies to Service ${backendRef?.service}:${backendRef?.port}.${how}`
      : `No rule of ${ings.map((i) => i.key).join(', ')} matches host "${url.host}" path "${url.path}".`,
    facts: { class: className ?? '(none)', controller: cls?.controller ?? '(unclaimed)', host: url.host, path: url.path, ...(backendRef ? { backend: `${backendRef.service}:${backendRef.port ?? '(first port)'}` } : {}) },
    refs: [{ kind: 'Ingress', namespace: ing.namespace, name: ing.name }],
  });
  const ingEv = (field: string, value: string) => ({ kind: 'Ingress', namespace: ing.namespace, name: ing.name, field, value });
  if (!cls) {
    ctx.path.raise(id, 'INGRESS_CLASS_UNCLAIMED', { ingress: ing.key, className, classes: [...ctx.derived.ingressClasses.keys()].sort() }, [ingEv('spec.ingressClassName', className ?? '(unset)')]);
  }
  if (!match) {
    ctx.path.raise(id, 'INGRESS_NO_RULE_MATCH', { host: url.host, path: url.path, candidates: ings.map((i) => `Ingress ${i.key}`), defaultBackend: ing.defaultBackend ? `${ing.defaultBackend.service}:${ing.defaultBackend.port ?? ''}` : undefined }, ings.flatMap((i) => i.rules.map((r) => ({ kind: 'Ingress', namespace: i.namespace, name: i.name, field: `spec.rules[${r.index}]`, value: `${r.host ?? '*'} ${r.paths.map((p) => `${p.pathType} ${p.path}`).join(', ')}` }))));
    ctx.path.drop(id, true);
    return true;
  }
  if (!backendRef) return true;
  const check = checkBackend(ctx, backendRef);
  if (!check.ok) {
    ctx.path.raise(id, 'INGRESS_BACKEND_MISSING', { owner: `Ingress ${ing.key}`, service: `${backendRef.namespace}/${backendRef.service}`, port: String(backendRef.port ?? ''), missing: check.missing, ports: check.ports }, [ingEv(`${match.path.index}.backend.service`, `${backendRef.service}:${backendRef.port ?? ''}`)]);
    ctx.path.drop(id, true);
    return true;
  }
  const ref = { kind: 'Service', namespace: check.svc.namespace, name: check.svc.name };
  forwardFromProxy(ctx, id, arrival, proxy, [{ label: `${check.svc.key}:${check.port.port}`, share: 1, ref, routePort: backendRef.port ?? check.port.port, target: { svc: check.svc, port: check.port } }], 0, ing.annotations);
  return true;
}
