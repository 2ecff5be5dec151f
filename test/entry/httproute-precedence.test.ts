// HTTPRoute precedence across routes and the listener / route hostname intersection.
//
// Upstream: kubernetes-sigs/gateway-api apis/v1/httproute_types.go —
// HTTPRouteSpec.Hostnames: route hostnames that do not match the listener's are ignored;
// "precedence must be given to rules from the HTTPRoute with the largest number of:
// characters in a matching non-wildcard hostname; characters in a matching hostname";
// a `*.` wildcard is a suffix match (`*.example.com` matches foo.test.example.com).
// HTTPRouteRule.Matches: then Exact path, the longest prefix, method, most header
// matches, most query param matches; then the oldest route (creationTimestamp), then
// "{namespace}/{name}" alphabetically; then the first matching rule in list order.

import { describe, expect, it } from 'vitest';
import { base, hop, traceIn } from './dump';

function route(
  name: string,
  hostnames: string[],
  rules: string,
  created = '2024-03-01T10:00:00Z',
  ns = 'shop',
): string {
  return `---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: ${ns}, creationTimestamp: "${created}"}
spec:
  parentRefs: [{name: external, namespace: shop}]
${hostnames.length ? `  hostnames: [${hostnames.join(', ')}]\n` : ''}  rules:
${rules}`;
}

const toWeb = `  - matches: [{path: {type: PathPrefix, value: /}}]\n    backendRefs: [{name: web, namespace: shop, port: 80}]\n`;
const toApi = (path = '/', type = 'PathPrefix') =>
  `  - matches: [{path: {type: ${type}, value: ${path}}}]\n    backendRefs: [{name: api, namespace: shop, port: 8080}]\n`;

function cluster(listenerHost: string | undefined, routes: string): string {
  return `${base()}---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: external, namespace: shop}
spec:
  gatewayClassName: eg
  listeners: [{name: http, port: 80, protocol: HTTP${listenerHost ? `, hostname: "${listenerHost}"` : ''}, allowedRoutes: {namespaces: {from: All}}}]
${routes}`;
}

const served = (yaml: string, url: string) =>
  hop(traceIn(yaml, { from: 'ip:198.51.100.7', to: url }), 'gateway')!;

describe('HTTPRoute precedence across routes', () => {
  it('an exact hostname beats a wildcard even when the wildcard route has the longer path and is older', () => {
    const yaml = cluster(
      undefined,
      route('wild', ['"*.example.no"'], toApi('/cart'), '2023-01-01T00:00:00Z') +
        route('exact', ['shop.example.no'], toWeb, '2024-06-01T00:00:00Z'),
    );
    const g = served(yaml, 'http://shop.example.no/cart');
    expect(g.label).toContain('HTTPRoute shop/exact');
    expect(g.facts?.['route hostname']).toBe('shop.example.no');
    // Another host under the wildcard still reaches the wildcard route.
    expect(served(yaml, 'http://blog.example.no/cart').label).toContain('HTTPRoute shop/wild');
  });

  it('the longer wildcard wins over the shorter one; wildcards match several labels', () => {
    const yaml = cluster(
      undefined,
      route('short', ['"*.example.no"'], toWeb, '2023-01-01T00:00:00Z') +
        route('long', ['"*.eu.example.no"'], toApi(), '2024-06-01T00:00:00Z'),
    );
    expect(served(yaml, 'http://shop.osl.eu.example.no/').label).toContain('HTTPRoute shop/long');
    expect(served(yaml, 'http://shop.example.no/').label).toContain('HTTPRoute shop/short');
  });

  it('same hostname: the longer path prefix, then the oldest route, then namespace/name', () => {
    const longer = cluster(
      undefined,
      route('a-root', ['shop.example.no'], toWeb, '2023-01-01T00:00:00Z') +
        route('b-api', ['shop.example.no'], toApi('/api'), '2024-06-01T00:00:00Z'),
    );
    expect(served(longer, 'http://shop.example.no/api/x').label).toContain('HTTPRoute shop/b-api');
    const tie = (aCreated: string, bCreated: string) =>
      cluster(
        undefined,
        route('alpha', ['shop.example.no'], toWeb, aCreated) +
          route('beta', ['shop.example.no'], toApi(), bCreated),
      );
    expect(
      served(tie('2024-06-01T00:00:00Z', '2023-01-01T00:00:00Z'), 'http://shop.example.no/').label,
    ).toContain('HTTPRoute shop/beta');
    expect(
      served(tie('2023-01-01T00:00:00Z', '2023-01-01T00:00:00Z'), 'http://shop.example.no/').label,
    ).toContain('HTTPRoute shop/alpha');
  });

  it("a route without hostnames takes the listener's; route hostnames outside the listener are ignored", () => {
    // Listener shop.example.no; route "any" names none (inherits shop.example.no, exact),
    // route "other" names only *.example.no (wildcard): "any" wins although "other" is older.
    const yaml = cluster(
      'shop.example.no',
      route('other', ['"*.example.no"'], toApi(), '2023-01-01T00:00:00Z') +
        route('any', [], toWeb, '2024-06-01T00:00:00Z'),
    );
    const g = served(yaml, 'http://shop.example.no/');
    expect(g.label).toContain('HTTPRoute shop/any');
    expect(g.facts?.['route hostname']).toBe('shop.example.no');
    // Listener *.example.no: a route naming shop.example.net and shop.example.no keeps only the latter.
    const mixed = cluster(
      '*.example.no',
      route('mixed', ['shop.example.net', 'shop.example.no'], toApi(), '2024-06-01T00:00:00Z') +
        route('wild', ['"*.example.no"'], toWeb, '2023-01-01T00:00:00Z'),
    );
    expect(served(mixed, 'http://shop.example.no/').facts?.['route hostname']).toBe('shop.example.no');
  });
});

describe('listener isolation', () => {
  // Gateway API conformance, feature GatewayHTTPListenerIsolation
  // (kubernetes-sigs/gateway-api conformance/tests/gateway-http-listener-isolation.go):
  // a request goes to the listener with the most specific matching hostname, and only
  // routes attached to that listener can serve it.
  const gw = (routes: string) => `${base()}---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: external, namespace: shop}
spec:
  gatewayClassName: eg
  listeners:
  - {name: wildcard, port: 80, protocol: HTTP, hostname: "*.example.no"}
  - {name: admin, port: 80, protocol: HTTP, hostname: admin.example.no}
${routes}`;
  const attached = (name: string, section: string, backend: string, created: string) => `---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: shop, creationTimestamp: "${created}"}
spec:
  parentRefs: [{name: external, sectionName: ${section}}]
  rules: [{backendRefs: [{name: ${backend}, port: ${backend === 'api' ? 8080 : 80}}]}]
`;

  it("admin.example.no is served by the admin listener's route, not by the older route on the wildcard listener", () => {
    const yaml = gw(
      attached('catch-all', 'wildcard', 'web', '2023-01-01T00:00:00Z') +
        attached('admin', 'admin', 'api', '2024-06-01T00:00:00Z'),
    );
    const r = traceIn(yaml, { from: 'ip:198.51.100.7', to: 'http://admin.example.no/' });
    expect(hop(r, 'gateway')!.label).toBe(
      'Gateway shop/external listener admin → HTTPRoute shop/admin rule #0',
    );
    expect(hop(r, 'endpoint')!.label).toContain('shop/api-6f7a-y1');
    expect(
      hop(traceIn(yaml, { from: 'ip:198.51.100.7', to: 'http://www.example.no/' }), 'gateway')!.label,
    ).toContain('HTTPRoute shop/catch-all');
  });

  it("with only the wildcard listener's route, admin.example.no finds no route (404)", () => {
    const r = traceIn(gw(attached('catch-all', 'wildcard', 'web', '2023-01-01T00:00:00Z')), {
      from: 'ip:198.51.100.7',
      to: 'http://admin.example.no/',
    });
    expect(r.verdict).toBe('dropped');
    expect(r.findings.map((f) => f.code)).toContain('GATEWAY_ROUTE_NOT_ATTACHED');
  });
});
