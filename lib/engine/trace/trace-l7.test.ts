import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../model/types';
import type { TraceResult } from '../types';
import { traceRoute } from './trace-route';
import { buildModel, raw, service, tcp, twoNodeCluster } from './testing/model';

const kinds = (r: TraceResult) => r.hops.map((h) => h.kind);
const codes = (r: TraceResult) => r.findings.map((f) => f.code);

function ingress(spec: Record<string, unknown>, name = 'shop'): KubeObject {
  return raw('networking.k8s.io/v1', 'Ingress', name, 'shop', { spec });
}

const nginxClass = raw('networking.k8s.io/v1', 'IngressClass', 'nginx', undefined, {
  spec: { controller: 'k8s.io/ingress-nginx' },
});
const rules = [
  {
    host: 'shop.example.no',
    http: {
      paths: [
        { path: '/api', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 8080 } } } },
        { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } },
      ],
    },
  },
];

function model(objects: KubeObject[]) {
  const base = twoNodeCluster();
  return buildModel({
    ...base,
    services: [
      service('shop/api', [tcp(8080)], { clusterIPs: ['10.96.0.41'] }),
      service('shop/web', [tcp(80, 8080, { name: 'http' })], { clusterIPs: ['10.96.0.42'] }),
    ],
    objects: [...base.objects!, ...objects],
  });
}

describe('URL → Ingress', () => {
  it('matches Prefix by path element, longest first, and proxies from the controller', () => {
    const r = traceRoute(model([nginxClass, ingress({ ingressClassName: 'nginx', rules })]), {
      from: 'ip:198.51.100.7',
      to: 'http://shop.example.no/api/cart',
    });
    expect(kinds(r)).toEqual(expect.arrayContaining(['client', 'ingress', 'endpoint']));
    const hop = r.hops.find((h) => h.kind === 'ingress')!;
    expect(hop.label).toBe('Ingress shop/shop Prefix /api');
    // ingress-nginx sends to the endpoints of shop/api itself: the branches are its pods, no kube-proxy hop.
    expect(kinds(r)).not.toContain('service');
    expect(hop.branches?.every((b) => b.service?.name === 'api' && b.target?.kind === 'Pod')).toBe(true);
    expect(hop.facts?.['upstream']).toMatch(/kube-proxy is not on this path/);
    // /apix is not under the /api path element.
    const other = traceRoute(model([nginxClass, ingress({ ingressClassName: 'nginx', rules })]), {
      from: 'ip:198.51.100.7',
      to: 'http://shop.example.no/apix',
    });
    expect(other.hops.find((h) => h.kind === 'ingress')?.label).toBe('Ingress shop/shop Prefix /');
  });

  it('INGRESS_NO_RULE_MATCH, INGRESS_BACKEND_MISSING, INGRESS_CLASS_UNCLAIMED', () => {
    const exact = [
      {
        host: 'shop.example.no',
        http: {
          paths: [
            { path: '/only', pathType: 'Exact', backend: { service: { name: 'web', port: { number: 80 } } } },
          ],
        },
      },
    ];
    const none = traceRoute(model([nginxClass, ingress({ ingressClassName: 'nginx', rules: exact })]), {
      from: 'ip:198.51.100.7',
      to: 'http://shop.example.no/only/more',
    });
    expect(codes(none)).toContain('INGRESS_NO_RULE_MATCH');
    expect(none.verdict).toBe('dropped');
    const missing = [
      {
        host: 'shop.example.no',
        http: {
          paths: [
            { path: '/', pathType: 'Prefix', backend: { service: { name: 'gone', port: { number: 80 } } } },
          ],
        },
      },
    ];
    const m = traceRoute(model([nginxClass, ingress({ ingressClassName: 'nginx', rules: missing })]), {
      from: 'ip:198.51.100.7',
      to: 'http://shop.example.no/',
    });
    expect(codes(m)).toContain('INGRESS_BACKEND_MISSING');
    const unclaimed = traceRoute(model([ingress({ ingressClassName: 'traefik', rules })]), {
      from: 'ip:198.51.100.7',
      to: 'http://shop.example.no/',
    });
    expect(codes(unclaimed)).toContain('INGRESS_CLASS_UNCLAIMED');
  });
});

function gatewayObjects(routeNs = 'shop', grant = false, section = 'http'): KubeObject[] {
  const gw = raw('gateway.networking.k8s.io/v1', 'Gateway', 'external', 'shop', {
    spec: {
      gatewayClassName: 'eg',
      listeners: [
        {
          name: 'http',
          port: 80,
          protocol: 'HTTP',
          hostname: '*.example.no',
          allowedRoutes: { namespaces: { from: 'Same' } },
        },
      ],
    },
  });
  const route = raw('gateway.networking.k8s.io/v1', 'HTTPRoute', 'store', routeNs, {
    spec: {
      parentRefs: [{ name: 'external', namespace: 'shop', sectionName: section }],
      hostnames: ['butikk.example.no'],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/api/v2' } }],
          filters: [
            {
              type: 'RequestHeaderModifier',
              requestHeaderModifier: { add: [{ name: 'X-Region', value: 'osl' }] },
            },
          ],
          backendRefs: [
            { name: 'api', namespace: 'shop', port: 8080, weight: 90 },
            { name: 'web', namespace: 'other', port: 80, weight: 10 },
          ],
        },
        {
          matches: [{ path: { type: 'Exact', value: '/health' } }],
          backendRefs: [{ name: 'web', namespace: 'shop', port: 80 }],
        },
      ],
    },
  });
  const refGrant = raw('gateway.networking.k8s.io/v1beta1', 'ReferenceGrant', 'allow', 'other', {
    spec: {
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' }],
      to: [{ group: '', kind: 'Service' }],
    },
  });
  return [gw, route, ...(grant ? [refGrant] : [])];
}

describe('URL → Gateway API', () => {
  it('splits by weight, shows branches with shares, and refuses a cross-namespace ref without a ReferenceGrant', () => {
    const r = traceRoute(model(gatewayObjects()), {
      from: 'ip:198.51.100.7',
      to: 'http://butikk.example.no/api/v2/orders',
    });
    const gw = r.hops.find((h) => h.kind === 'gateway')!;
    const shareOf = (name: string) =>
      (gw.branches ?? [])
        .filter((b) => (b.service ?? b.target)?.name === name)
        .reduce((a, b) => a + b.share, 0);
    expect(shareOf('api')).toBeCloseTo(0.9);
    expect(shareOf('web')).toBeCloseTo(0.1);
    expect(gw.branches?.filter((b) => b.chosen)).toHaveLength(1);
    expect(gw.branches?.find((b) => b.label === 'other/web:80')?.failure).toBe(
      '500 Internal Server Error: ResolvedRefs=False (RefNotPermitted)',
    );
    expect(gw.facts?.['filters']).toBe('RequestHeaderModifier');
    expect(codes(r)).toEqual(
      expect.arrayContaining(['GATEWAY_WEIGHTED_SPLIT', 'GATEWAY_REFERENCE_NOT_PERMITTED']),
    );
    expect(r.verdict).toBe('degraded');
    const granted = traceRoute(model(gatewayObjects('shop', true)), {
      from: 'ip:198.51.100.7',
      to: 'http://butikk.example.no/api/v2/orders',
    });
    expect(codes(granted)).not.toContain('GATEWAY_REFERENCE_NOT_PERMITTED');
  });

  it('Exact matches only the exact path; no rule → GATEWAY_NO_RULE_MATCH', () => {
    const r = traceRoute(model(gatewayObjects()), {
      from: 'ip:198.51.100.7',
      to: 'http://butikk.example.no/health',
    });
    expect(r.hops.find((h) => h.kind === 'gateway')?.label).toContain('rule #1');
    const miss = traceRoute(model(gatewayObjects()), {
      from: 'ip:198.51.100.7',
      to: 'http://butikk.example.no/health/x',
    });
    expect(codes(miss)).toContain('GATEWAY_NO_RULE_MATCH');
  });

  it('GATEWAY_ROUTE_NOT_ATTACHED for a wrong sectionName or a namespace the listener does not admit', () => {
    const wrongSection = traceRoute(model(gatewayObjects('shop', false, 'https')), {
      from: 'ip:198.51.100.7',
      to: 'http://butikk.example.no/api/v2',
    });
    expect(codes(wrongSection)).toContain('GATEWAY_ROUTE_NOT_ATTACHED');
    const otherNs = traceRoute(model(gatewayObjects('other')), {
      from: 'ip:198.51.100.7',
      to: 'http://butikk.example.no/api/v2',
    });
    expect(otherNs.findings.find((f) => f.code === 'GATEWAY_ROUTE_NOT_ATTACHED')?.detail).toContain(
      'allowedRoutes',
    );
  });
});
