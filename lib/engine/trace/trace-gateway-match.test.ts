import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../model/types';
import type { TraceQuery, TraceResult } from '../types';
import { traceRoute } from './trace-route';
import { buildModel, raw, service, tcp, twoNodeCluster } from './testing/model';
import { decideRoute, httpRequest } from './route-match';
import { parseHTTPRoute } from './l7-objects';

const codes = (r: TraceResult) => r.findings.map((f) => f.code);
const gwHop = (r: TraceResult) => r.hops.find((h) => h.kind === 'gateway')!;

const gateway = raw('gateway.networking.k8s.io/v1', 'Gateway', 'external', 'shop', {
  spec: { gatewayClassName: 'eg', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
});

function route(name: string, rules: unknown[], created = '2024-01-01T00:00:00Z'): KubeObject {
  const o = raw('gateway.networking.k8s.io/v1', 'HTTPRoute', name, 'shop', {
    spec: { parentRefs: [{ name: 'external' }], hostnames: ['shop.example.no'], rules },
  });
  return { ...o, metadata: { ...o.metadata, creationTimestamp: created } };
}

const to = (svc: string) => [{ name: svc, port: 8080 }];

function model(routes: KubeObject[]) {
  const base = twoNodeCluster();
  return buildModel({
    ...base,
    services: [
      service('shop/api', [tcp(8080)], { clusterIPs: ['10.96.0.41'] }),
      service('shop/web', [tcp(8080)], { clusterIPs: ['10.96.0.42'], selector: { app: 'web' } }),
    ],
    objects: [...base.objects!, gateway, ...routes],
  });
}

function run(routes: KubeObject[], extra: Partial<TraceQuery> & { url?: string } = {}): TraceResult {
  const { url = 'http://shop.example.no/cart', ...q } = extra;
  return traceRoute(model(routes), { from: 'ip:198.51.100.7', to: url, ...q });
}

const canary = route('canary', [
  {
    matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [{ name: 'X-Canary', value: 'true' }] }],
    backendRefs: to('api'),
  },
  { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: to('web') },
]);

describe('HTTPRoute header, query and method matches', () => {
  it('without the header the rule that needs it does not match, and the hop says which header would', () => {
    const r = run([canary]);
    const hop = gwHop(r);
    expect(hop.label).toContain('rule #1');
    expect(hop.facts?.['would match']).toBe(
      'HTTPRoute shop/canary rule #0 (PathPrefix /, header x-canary: true) with header x-canary: true',
    );
    expect(hop.facts?.['method']).toBe('GET (assumed)');
  });

  it('with the header (any case of the name) the header rule wins over the plain one', () => {
    const r = run([canary], { headers: { 'x-CANARY': 'true' } });
    expect(gwHop(r).label).toContain('rule #0');
    expect(gwHop(r).facts?.['would match']).toBeUndefined();
    expect(r.hops.find((h) => h.kind === 'client')?.facts?.['headers']).toBe('x-canary: true');
    // A different value is no match.
    expect(gwHop(run([canary], { headers: { 'X-Canary': 'false' } })).label).toContain('rule #1');
  });

  it('RegularExpression header and query param matches are full matches', () => {
    const re = route('re', [
      {
        matches: [
          {
            path: { type: 'PathPrefix', value: '/' },
            headers: [{ type: 'RegularExpression', name: 'user-agent', value: 'Mobile.*' }],
          },
        ],
        backendRefs: to('api'),
      },
      {
        matches: [
          {
            path: { type: 'PathPrefix', value: '/' },
            queryParams: [{ type: 'RegularExpression', name: 'v', value: '2|3' }],
          },
        ],
        backendRefs: to('api'),
      },
      { backendRefs: to('web') },
    ]);
    expect(gwHop(run([re], { headers: { 'User-Agent': 'Mobile Safari' } })).label).toContain('rule #0');
    expect(gwHop(run([re], { headers: { 'User-Agent': 'iPhone Mobile' } })).label).toContain('rule #2');
    expect(gwHop(run([re], { url: 'http://shop.example.no/cart?v=3' })).label).toContain('rule #1');
    expect(gwHop(run([re], { url: 'http://shop.example.no/cart?v=23' })).label).toContain('rule #2');
  });

  it('Exact query param and method matches; no rule at all → GATEWAY_NO_RULE_MATCH naming what would match', () => {
    const strict = route('strict', [
      {
        matches: [
          {
            path: { type: 'Exact', value: '/cart' },
            method: 'POST',
            queryParams: [{ name: 'promo', value: 'spring' }],
          },
        ],
        backendRefs: to('api'),
      },
    ]);
    expect(
      gwHop(run([strict], { method: 'post', url: 'http://shop.example.no/cart?promo=spring' })).label,
    ).toContain('rule #0');
    const miss = run([strict], { url: 'http://shop.example.no/cart?promo=spring' });
    expect(codes(miss)).toContain('GATEWAY_NO_RULE_MATCH');
    const f = miss.findings.find((x) => x.code === 'GATEWAY_NO_RULE_MATCH')!;
    expect(f.detail).toContain('GET shop.example.no/cart');
    expect(f.detail).toContain(
      'HTTPRoute shop/strict rule #0 (Exact /cart, method POST, query promo=spring) with method POST would match',
    );
    expect(f.verify).toContain("curl -sv -X GET -H 'Host: shop.example.no' http://GATEWAY_IP/cart");
    // Query param names are case-sensitive.
    expect(
      codes(run([strict], { method: 'POST', url: 'http://shop.example.no/cart?PROMO=spring' })),
    ).toContain('GATEWAY_NO_RULE_MATCH');
  });
});

describe('Gateway API rule precedence', () => {
  const req = (path: string, method = 'GET', headers: Record<string, string> = {}, query = '') =>
    httpRequest(path, query, method, headers);
  const pick = (routes: KubeObject[], r: ReturnType<typeof req>) => {
    const hit = decideRoute(routes.map(parseHTTPRoute), r).hit;
    return hit ? `${hit.route.name}#${hit.rule.index}` : undefined;
  };

  it('Exact beats the longest prefix; a longer prefix beats a shorter one', () => {
    const a = route('a', [
      { matches: [{ path: { type: 'PathPrefix', value: '/cart/items' } }] },
      { matches: [{ path: { type: 'Exact', value: '/cart/items/1' } }] },
    ]);
    const b = route('b', [
      {
        matches: [
          {
            path: { type: 'PathPrefix', value: '/cart' },
            method: 'GET',
            headers: [{ name: 'x', value: '1' }],
          },
        ],
      },
    ]);
    expect(pick([a, b], req('/cart/items/1', 'GET', { x: '1' }))).toBe('a#1');
    expect(pick([a, b], req('/cart/items/2', 'GET', { x: '1' }))).toBe('a#0');
  });

  it('then method, then header count, then query count', () => {
    const r = route('r', [
      {
        matches: [
          {
            path: { type: 'PathPrefix', value: '/p' },
            headers: [
              { name: 'a', value: '1' },
              { name: 'b', value: '2' },
            ],
            queryParams: [{ name: 'q', value: '1' }],
          },
        ],
      },
      { matches: [{ path: { type: 'PathPrefix', value: '/p' }, method: 'GET' }] },
      {
        matches: [
          {
            path: { type: 'PathPrefix', value: '/p' },
            headers: [{ name: 'a', value: '1' }],
            queryParams: [
              { name: 'q', value: '1' },
              { name: 'z', value: '1' },
            ],
          },
        ],
      },
    ]);
    expect(pick([r], req('/p', 'GET', { a: '1', b: '2' }, 'q=1&z=1'))).toBe('r#1');
    expect(pick([r], req('/p', 'POST', { a: '1', b: '2' }, 'q=1&z=1'))).toBe('r#0');
    expect(pick([r], req('/p', 'POST', { a: '1' }, 'q=1&z=1'))).toBe('r#2');
  });

  it('ties across routes: the oldest route, then namespace/name; within a route the first rule', () => {
    const rules = [
      { matches: [{ path: { type: 'PathPrefix', value: '/' } }] },
      { matches: [{ path: { type: 'PathPrefix', value: '/' } }] },
    ];
    expect(
      pick(
        [route('zeta', rules, '2023-01-01T00:00:00Z'), route('alpha', rules, '2024-01-01T00:00:00Z')],
        req('/x'),
      ),
    ).toBe('zeta#0');
    expect(pick([route('zeta', rules), route('alpha', rules)], req('/x'))).toBe('alpha#0');
  });
});
