// Ingress and Gateway API findings.

import type { SpecTable } from './spec';
import { anywhere } from './verify-where';
import { joinWords, kubectlRef, nsOf } from './spec';

type L7Codes =
  | 'INGRESS_NO_RULE_MATCH'
  | 'INGRESS_BACKEND_MISSING'
  | 'INGRESS_CLASS_UNCLAIMED'
  | 'GATEWAY_ROUTE_NOT_ATTACHED'
  | 'GATEWAY_NO_RULE_MATCH'
  | 'GATEWAY_REFERENCE_NOT_PERMITTED'
  | 'GATEWAY_WEIGHTED_SPLIT';

function pct(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

function share(s: number | undefined): string {
  return s !== undefined && s < 1 ? `${pct(s)} of ` : '';
}

/** Gateway API requires 500 for an invalid backendRef; Ingress controllers answer 503. */
function status(owner: string): string {
  return owner.startsWith('HTTPRoute')
    ? 'the gateway answers 500 Internal Server Error (ResolvedRefs=False, BackendNotFound)'
    : 'the controller answers 503 Service Unavailable';
}

export const l7Specs: SpecTable<L7Codes> = {
  INGRESS_NO_RULE_MATCH: {
    severity: 'error',
    title: 'No Ingress rule matches the URL',
    detail: (p) =>
      `No rule of ${p.candidates.length ? joinWords([...p.candidates]) : 'any Ingress'} matches host "${p.host}" and path "${p.path}": ${
        p.defaultBackend
          ? `the default backend ${p.defaultBackend} answers instead`
          : 'the controller answers 404'
      }.`,
    fix: (p) =>
      `Add a rule for host "${p.host}" with path "${p.path}" (pathType Prefix) to the Ingress that should serve it, or correct the host/path the client uses.`,
    verify: (p) => [
      anywhere(`kubectl get ingress -A -o wide`),
      anywhere(`curl -sv -H 'Host: ${p.host}' http://INGRESS_IP${p.path}`),
    ],
  },
  INGRESS_BACKEND_MISSING: {
    severity: 'error',
    title: 'Route backend does not exist',
    detail: (p) =>
      p.missing === 'service'
        ? `${p.owner} sends ${share(p.share)}matching requests to Service ${p.service}, which does not exist: ${status(p.owner)}.`
        : `${p.owner} sends ${share(p.share)}matching requests to port ${p.port} of Service ${p.service}, which exposes ${p.ports.length ? joinWords([...p.ports]) : 'no ports'}: ${status(p.owner)}.`,
    fix: (p) =>
      p.missing === 'service'
        ? `Create Service ${p.service} or point ${p.owner} at an existing one.`
        : `Point ${p.owner} at one of the Service's ports (${joinWords([...p.ports])}).`,
    verify: (p) => [
      anywhere(`kubectl get service ${kubectlRef(p.service)} -o yaml`),
      anywhere(
        `kubectl describe ${p.owner.split(' ')[0]?.toLowerCase() ?? 'ingress'} ${kubectlRef(p.owner.split(' ')[1] ?? '')}`,
      ),
    ],
  },
  INGRESS_CLASS_UNCLAIMED: {
    severity: 'warning',
    title: 'Ingress class not claimed by a controller',
    detail: (p) =>
      p.className
        ? `${p.ingress} names class "${p.className}", but no IngressClass of that name exists (classes: ${p.classes.length ? joinWords([...p.classes]) : 'none'}): no controller serves it.`
        : `${p.ingress} names no ingressClassName and no IngressClass is marked default (ingressclass.kubernetes.io/is-default-class): controllers may ignore it.`,
    fix: (p) =>
      `Name a class that an installed controller claims:\nkubectl patch ingress ${kubectlRef(p.ingress)} --type=merge -p '{"spec":{"ingressClassName":"${p.classes[0] ?? 'nginx'}"}}'`,
    verify: (p) => [
      anywhere('kubectl get ingressclass'),
      anywhere(`kubectl get ingress -n ${nsOf(p.ingress)}`),
    ],
  },
  GATEWAY_ROUTE_NOT_ATTACHED: {
    severity: 'error',
    title: 'HTTPRoute not attached to a listener',
    detail: (p) =>
      `${p.route} names parent Gateway ${p.gateway}, but no listener accepts it: ${p.reason} (listeners: ${p.listeners.length ? joinWords([...p.listeners]) : 'none'}).`,
    fix: (p) =>
      `Align the route's parentRefs (name, sectionName, port) and hostnames with a listener of ${p.gateway}, or allow the route's namespace in that listener's allowedRoutes.namespaces.`,
    verify: (p) => [
      anywhere(`kubectl get httproute ${kubectlRef(p.route)} -o jsonpath='{.status.parents}'`),
      anywhere(`kubectl get gateway ${kubectlRef(p.gateway)} -o yaml`),
    ],
  },
  GATEWAY_NO_RULE_MATCH: {
    severity: 'error',
    title: 'No HTTPRoute rule matches the URL',
    detail: (p) =>
      `No rule of ${p.routes.length ? joinWords([...p.routes]) : 'any attached HTTPRoute'} matches ${p.method} ${p.host}${p.path}: the gateway answers 404.${p.wouldMatch ? ` ${p.wouldMatch} would match.` : ''}`,
    fix: (p) =>
      p.wouldMatch
        ? `Send the request the rule expects (${p.wouldMatch.replace(/^.* with /, '')}), or add a rule for "${p.path}" without that condition to the HTTPRoute that should serve it.`
        : `Add a rule matching path "${p.path}" (PathPrefix) for host "${p.host}" to the HTTPRoute that should serve it.`,
    verify: (p) => [
      anywhere(`kubectl get httproute -A`),
      anywhere(`curl -sv -X ${p.method} -H 'Host: ${p.host}' http://GATEWAY_IP${p.path}`),
    ],
  },
  GATEWAY_REFERENCE_NOT_PERMITTED: {
    severity: 'error',
    title: 'Cross-namespace backend without ReferenceGrant',
    detail: (p) =>
      `${p.route} (namespace ${p.routeNamespace}) sends to Service ${p.backend} in namespace ${p.backendNamespace}, and no ReferenceGrant there allows HTTPRoutes from ${p.routeNamespace}: the reference is refused (ResolvedRefs=False, RefNotPermitted) and ${p.proxy ?? 'the gateway'} answers 500 Internal Server Error to ${
        p.share !== undefined && p.share < 1
          ? `the ${pct(p.share)} of matching requests weighted to it`
          : 'every matching request'
      }.`,
    fix: (p) =>
      `Allow HTTPRoutes from ${p.routeNamespace} to reference Services in ${p.backendNamespace} with a ReferenceGrant there:\nkubectl apply -f - <<'EOF'\napiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata:\n  name: allow-${p.routeNamespace}-routes\n  namespace: ${p.backendNamespace}\nspec:\n  from:\n  - {group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: ${p.routeNamespace}}\n  to:\n  - {group: "", kind: Service}\nEOF`,
    verify: (p) => [
      anywhere(`kubectl get referencegrants -n ${p.backendNamespace}`),
      anywhere(`kubectl get httproute ${kubectlRef(p.route)} -o jsonpath='{.status.parents[*].conditions}'`),
    ],
  },
  GATEWAY_WEIGHTED_SPLIT: {
    severity: 'info',
    title: 'Traffic split by weight',
    detail: (p) =>
      `${p.route} splits matching requests: ${p.branches.map((b) => `${b.name} ${Math.round(b.share * 100)}% (weight ${b.weight})`).join(', ')}.`,
    fix: () => 'Nothing to fix: shift the weights to move traffic between the backends.',
    verify: (p) => [
      anywhere(`kubectl get httproute ${kubectlRef(p.route)} -o jsonpath='{.spec.rules[*].backendRefs}'`),
    ],
  },
};
