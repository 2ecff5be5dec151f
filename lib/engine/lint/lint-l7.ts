// Ingress and Gateway lint checks: unclaimed classes, missing backends, routes that
// attach to no listener.

import type { Finding } from '../types';
import { makeFinding } from '../findings/catalogue';
import type { TraceContext } from '../trace/context';
import { attachProblem } from '../trace/gateway-route';
import { checkBackend } from '../trace/proxy';
import type { HTTPRouteObj } from '../trace/l7-objects';

function refGrantFindings(ctx: TraceContext, route: HTTPRouteObj): Finding[] {
  const out: Finding[] = [];
  for (const rule of route.rules) {
    rule.backends.forEach((b, i) => {
      if (b.namespace === route.namespace || ctx.derived.grants.get(b.namespace)?.has(route.namespace))
        return;
      out.push(
        makeFinding(
          'GATEWAY_REFERENCE_NOT_PERMITTED',
          {
            route: route.key,
            routeNamespace: route.namespace,
            backend: `${b.namespace}/${b.service}`,
            backendNamespace: b.namespace,
          },
          [
            {
              kind: 'HTTPRoute',
              namespace: route.namespace,
              name: route.name,
              field: `spec.rules[${rule.index}].backendRefs[${i}].namespace`,
              value: b.namespace,
            },
            {
              kind: 'ReferenceGrant',
              namespace: b.namespace,
              name: '(none)',
              field: 'spec.from',
              value: `no grant for HTTPRoute from ${route.namespace}`,
            },
          ],
        ),
      );
    });
  }
  return out;
}

export function lintL7(ctx: TraceContext): Finding[] {
  const out: Finding[] = [];
  const d = ctx.derived;
  for (const ing of d.ingresses) {
    const className = ing.className ?? ing.legacyClass ?? d.defaultIngressClass?.name;
    if (!className || !d.ingressClasses.has(className)) {
      out.push(
        makeFinding(
          'INGRESS_CLASS_UNCLAIMED',
          { ingress: ing.key, className, classes: [...d.ingressClasses.keys()].sort() },
          [
            {
              kind: 'Ingress',
              namespace: ing.namespace,
              name: ing.name,
              field: 'spec.ingressClassName',
              value: className ?? '(unset)',
            },
          ],
        ),
      );
    }
    for (const rule of ing.rules) {
      for (const p of rule.paths) {
        if (!p.backend) continue;
        const check = checkBackend(ctx, p.backend);
        if (!check.ok) {
          out.push(
            makeFinding(
              'INGRESS_BACKEND_MISSING',
              {
                owner: `Ingress ${ing.key}`,
                service: `${p.backend.namespace}/${p.backend.service}`,
                port: String(p.backend.port ?? ''),
                missing: check.missing,
                ports: check.ports,
              },
              [
                {
                  kind: 'Ingress',
                  namespace: ing.namespace,
                  name: ing.name,
                  field: `${p.index}.backend.service`,
                  value: `${p.backend.service}:${p.backend.port ?? ''}`,
                },
              ],
            ),
          );
        }
      }
    }
  }
  for (const [gwKey, routes] of [...d.routesByGateway].sort(([a], [b]) => a.localeCompare(b))) {
    const gw = d.gatewayByKey.get(gwKey);
    for (const route of routes) {
      const reasons = gw
        ? gw.listeners.map((l) => attachProblem(ctx, gw, route, l))
        : [`Gateway ${gwKey} does not exist`];
      if (gw && reasons.some((r) => r === undefined)) {
        out.push(...refGrantFindings(ctx, route));
        continue;
      }
      out.push(
        makeFinding(
          'GATEWAY_ROUTE_NOT_ATTACHED',
          {
            route: route.key,
            gateway: gwKey,
            reason: reasons.join('; ') || 'the Gateway has no listeners',
            listeners: gw?.listeners.map((l) => l.name) ?? [],
          },
          [
            {
              kind: 'HTTPRoute',
              namespace: route.namespace,
              name: route.name,
              field: 'spec.parentRefs',
              value: gwKey,
            },
          ],
        ),
      );
    }
  }
  return out;
}
