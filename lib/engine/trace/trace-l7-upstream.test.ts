// How L7 proxies reach their backends: endpoints picked by the proxy (no kube-proxy hop),
// the ClusterIP when told so (ingress-nginx service-upstream) or when the controller is
// unknown, and HTTP 500 for the share of requests weighted to a refused backendRef.

import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../model/types';
import type { TraceResult } from '../types';
import { identifyProxy, upstreamMode } from './l7-controllers';
import { traceRoute } from './trace-route';
import { buildModel, pod, raw, service, tcp, twoNodeCluster } from './testing/model';

const kinds = (r: TraceResult) => r.hops.map((h) => h.kind);

function model(objects: KubeObject[]) {
  const base = twoNodeCluster();
  return buildModel({
    ...base,
    pods: [
      ...base.pods!,
      pod('shop/api-2', 'worker-2', '10.244.2.8', { app: 'api' }, [
        { containerPort: 8080, protocol: 'TCP', name: 'http' },
      ]),
      pod('other/web', 'worker-2', '10.244.2.9', { app: 'web' }, [{ containerPort: 8080, protocol: 'TCP' }]),
    ],
    services: [
      service('shop/api', [tcp(8080)], { clusterIPs: ['10.96.0.41'] }),
      service('other/web', [tcp(80, 8080)], { clusterIPs: ['10.96.0.43'] }),
    ],
    objects: [...base.objects!, ...objects],
  });
}

function ingress(annotations: Record<string, string> = {}): KubeObject[] {
  const cls = raw('networking.k8s.io/v1', 'IngressClass', 'nginx', undefined, {
    spec: { controller: 'k8s.io/ingress-nginx' },
  });
  const ing = raw('networking.k8s.io/v1', 'Ingress', 'shop', 'shop', {
    spec: {
      ingressClassName: 'nginx',
      rules: [
        {
          host: 'shop.example.no',
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: 'api', port: { number: 8080 } } },
              },
            ],
          },
        },
      ],
    },
  });
  return [cls, { ...ing, metadata: { ...ing.metadata, annotations } }];
}

function gateway(controllerName: string | undefined): KubeObject[] {
  const cls = controllerName
    ? [raw('gateway.networking.k8s.io/v1', 'GatewayClass', 'eg', undefined, { spec: { controllerName } })]
    : [];
  const gw = raw('gateway.networking.k8s.io/v1', 'Gateway', 'external', 'shop', {
    spec: {
      gatewayClassName: 'eg',
      listeners: [
        { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } },
      ],
    },
  });
  const route = raw('gateway.networking.k8s.io/v1', 'HTTPRoute', 'store', 'shop', {
    spec: {
      parentRefs: [{ name: 'external' }],
      hostnames: ['butikk.example.no'],
      rules: [
        {
          backendRefs: [
            { name: 'api', port: 8080, weight: 90 },
            { name: 'web', namespace: 'other', port: 80, weight: 10 },
          ],
        },
      ],
    },
  });
  return [...cls, gw, route];
}

describe('L7 proxy upstreams', () => {
  it('ingress-nginx sends to the endpoints itself: branches are the pods, no service hop, from the proxy to the pod', () => {
    const r = traceRoute(model(ingress()), { from: 'ip:198.51.100.7', to: 'http://shop.example.no/' });
    const hop = r.hops.find((h) => h.kind === 'ingress')!;
    expect(kinds(r)).not.toContain('service');
    expect(hop.branches?.map((b) => [b.label, b.share, b.address])).toEqual([
      ['shop/api', 0.5, '10.244.1.6:8080'],
      ['shop/api-2', 0.5, '10.244.2.8:8080'],
    ]);
    // The trace follows the endpoint on the other node (worst case) — here none is on the proxy's node.
    expect(hop.branches?.filter((b) => b.chosen)).toHaveLength(1);
    expect(hop.facts?.['upstream']).toBe(
      'ingress-nginx balances over EndpointSlice endpoints itself (round-robin; EWMA with load-balance: ewma); kube-proxy is not on this path',
    );
    expect(r.hops.at(-1)?.kind).toBe('endpoint');
  });

  it('ingress-nginx with service-upstream: "true" sends to the ClusterIP, so kube-proxy picks the endpoint', () => {
    const r = traceRoute(model(ingress({ 'nginx.ingress.kubernetes.io/service-upstream': 'true' })), {
      from: 'ip:198.51.100.7',
      to: 'http://shop.example.no/',
    });
    const after = kinds(r).slice(kinds(r).indexOf('ingress'));
    expect(after).toContain('service');
    expect(r.hops.find((h) => h.kind === 'ingress')?.facts?.['upstream']).toMatch(/service-upstream/);
  });

  it('Envoy Gateway: weight × endpoint share per pod, 500 for the refused 10 %, and the summary says so', () => {
    const r = traceRoute(model(gateway('gateway.envoyproxy.io/gatewayclass-controller')), {
      from: 'ip:198.51.100.7',
      to: 'http://butikk.example.no/',
    });
    const gw = r.hops.find((h) => h.kind === 'gateway')!;
    expect(kinds(r).slice(kinds(r).indexOf('gateway'))).not.toContain('service');
    expect(gw.branches?.map((b) => [b.label, b.share])).toEqual([
      ['shop/api', 0.45],
      ['shop/api-2', 0.45],
      ['other/web:80', 0.1],
    ]);
    expect(gw.branches?.[2]?.failure).toBe('500 Internal Server Error: ResolvedRefs=False (RefNotPermitted)');
    // No proxy pod in this model: the EndpointSlices are what Envoy Gateway reads.
    expect(gw.verify).toContain(
      'kubectl get endpointslices -n shop -l kubernetes.io/service-name=api -o wide',
    );
    expect(r.verdict).toBe('degraded');
    expect(r.summary).toContain('10% of matching requests fail with HTTP 500');
    expect(r.findings.find((f) => f.code === 'GATEWAY_REFERENCE_NOT_PERMITTED')?.detail).toContain(
      'Envoy Gateway answers 500 Internal Server Error to the 10% of matching requests',
    );
  });

  it('an unknown gateway controller is assumed to use the ClusterIP (kube-proxy hop follows)', () => {
    const r = traceRoute(model(gateway(undefined)), {
      from: 'ip:198.51.100.7',
      to: 'http://butikk.example.no/',
    });
    expect(kinds(r).slice(kinds(r).indexOf('gateway'))).toContain('service');
  });

  it('recognises controllers by IngressClass / GatewayClass controller strings', () => {
    expect(identifyProxy('k8s.io/ingress-nginx').name).toBe('ingress-nginx');
    expect(identifyProxy('gateway.envoyproxy.io/gatewayclass-controller').name).toBe('envoy-gateway');
    expect(identifyProxy('projectcontour.io/gateway-controller').name).toBe('contour');
    expect(identifyProxy('istio.io/gateway-controller').name).toBe('istio');
    expect(identifyProxy('example.com/mystery').name).toBe('unknown');
    const svc = service('shop/api', [tcp(8080)], {
      annotations: { 'traefik.ingress.kubernetes.io/service.nativelb': 'true' },
    });
    expect(upstreamMode(identifyProxy('traefik.io/ingress-controller'), svc, {}).kind).toBe('cluster-ip');
    expect(
      upstreamMode(identifyProxy('traefik.io/ingress-controller'), service('shop/api', [tcp(8080)]), {}).kind,
    ).toBe('endpoints');
  });
});
