// ingress-nginx annotations that change where a request goes and what the backend sees.
//
// Upstream behaviour followed:
// - Regex paths: "Regular expressions in paths" / "Ingress Path Matching"
//   (https://kubernetes.github.io/ingress-nginx/user-guide/ingress-path-matching/): with
//   use-regex (or rewrite-target) on any Ingress of a host, every path of that host becomes
//   a case-insensitive `location ~* "^path"`; paths are ordered by descending length and
//   nginx takes the first regex that matches. Source: kubernetes/ingress-nginx
//   internal/ingress/controller/template/template.go (enforceRegexModifier, needsRewrite,
//   buildLocation: `~* "^%s"` when regex is enforced, even for pathType Exact).
// - rewrite-target: the template writes `rewrite "(?i)PATH" TARGET break;`, so the backend
//   receives TARGET with $1..$n from the path's capture groups ("Annotations" → Rewrite,
//   https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#rewrite).
// - ssl-redirect / force-ssl-redirect: "By default the controller redirects (308) to HTTPS
//   if TLS is enabled for that ingress"; ConfigMap ssl-redirect default "true",
//   http-redirect-code default 308; force-ssl-redirect redirects without TLS
//   (annotations page, "Server-side HTTPS enforcement through redirect"; ConfigMap page
//   https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/).
// - allowlist-source-range / whitelist-source-range: nginx allow for each CIDR, then deny
//   (403), checked against $remote_addr (annotations page, "Whitelist source range").
// - Client address: ConfigMap use-forwarded-headers (trust incoming X-Forwarded-*),
//   use-proxy-protocol (take it from the PROXY header), compute-full-forwarded-for (append);
//   otherwise $remote_addr is the packet's source, which externalTrafficPolicy Cluster
//   has already SNATed to a node address (ConfigMap page; Kubernetes "Source IP for
//   Services with Type=LoadBalancer", https://kubernetes.io/docs/tutorials/services/source-ip/).
// - backend-protocol, upstream-vhost: annotations page ("Backend Protocol", "Custom NGINX upstream vhost").

import { describe, expect, it } from 'vitest';
import { base, codes, finding, hop, traceIn } from './dump';

interface IngressSpec {
  readonly name?: string;
  readonly annotations?: Record<string, string>;
  readonly paths: ReadonlyArray<{ path: string; pathType?: string; service: string; port: number }>;
  readonly tls?: boolean;
}

function ingress(i: IngressSpec): string {
  const ann = Object.entries(i.annotations ?? {})
    .map(([k, v]) => `    ${k}: "${v}"`)
    .join('\n');
  return `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${i.name ?? 'shop'}
  namespace: shop
${ann ? `  annotations:\n${ann}\n` : ''}spec:
  ingressClassName: nginx
${i.tls ? '  tls: [{hosts: [shop.example.no], secretName: shop-tls}]\n' : ''}  rules:
  - host: shop.example.no
    http:
      paths:
${i.paths.map((p) => `      - {path: "${p.path}", pathType: ${p.pathType ?? 'ImplementationSpecific'}, backend: {service: {name: ${p.service}, port: {number: ${p.port}}}}}`).join('\n')}
status: {loadBalancer: {ingress: [{ip: 192.168.1.240}]}}
`;
}

const CLIENT = 'ip:198.51.100.7';
const local = () => base({ lbIP: '192.168.1.240', etp: 'Local' });

describe('use-regex and regex paths', () => {
  it("use-regex on one Ingress of a host makes the other Ingress's paths regexes too, matched case-insensitively, longest first", () => {
    const regex = ingress({
      name: 'api',
      annotations: { 'nginx.ingress.kubernetes.io/use-regex': 'true' },
      paths: [{ path: '/api/v[0-9]+/', service: 'api', port: 8080 }],
    });
    // An Exact path on another Ingress of the same host: with regex enforced it is `~* "^/Health"`, a prefix regex.
    const plain = ingress({
      name: 'web',
      paths: [
        { path: '/', pathType: 'Prefix', service: 'web', port: 80 },
        { path: '/health', pathType: 'Exact', service: 'web', port: 80 },
      ],
    });
    const r = traceIn(local() + regex + plain, { from: CLIENT, to: 'https://shop.example.no/API/V2/orders' });
    expect(r.verdict).toBe('delivered');
    const ing = hop(r, 'ingress')!;
    expect(ing.label).toBe('Ingress shop/api ~* "^/api/v[0-9]+/"');
    expect(ing.facts?.['regex locations']).toContain('Ingress shop/api use-regex: "true"');
    expect(hop(r, 'endpoint')!.label).toContain('shop/api-6f7a-y1');
    // /healthz is no Exact match, but the regex ^/health takes it (the Exact path lost its exactness).
    const h = traceIn(local() + regex + plain, { from: CLIENT, to: 'https://shop.example.no/healthz' });
    expect(hop(h, 'ingress')!.facts?.['nginx location']).toBe('~* "^/health"');
    // Without use-regex anywhere on the host, /healthz is not the Exact /health: it goes to Prefix /.
    const noRegex = traceIn(local() + plain, { from: CLIENT, to: 'https://shop.example.no/healthz' });
    expect(hop(noRegex, 'ingress')!.label).toBe('Ingress shop/web Prefix /');
  });

  it('rewrite-target: the backend receives the rewritten path built from the capture groups', () => {
    const rw = ingress({
      annotations: {
        'nginx.ingress.kubernetes.io/use-regex': 'true',
        'nginx.ingress.kubernetes.io/rewrite-target': '/$2',
      },
      paths: [{ path: '/shop(/|$)(.*)', service: 'web', port: 80 }],
    });
    const r = traceIn(local() + rw, { from: CLIENT, to: 'https://shop.example.no/shop/cart/42' });
    expect(hop(r, 'ingress')!.facts?.['path to backend']).toBe('/cart/42 (rewrite-target /$2)');
    expect(hop(r, 'endpoint')!.label).toContain('shop/web-5c8d-x1');
  });
});

describe('ssl-redirect and force-ssl-redirect', () => {
  it('http to an Ingress with TLS gets 308 to https (ConfigMap default ssl-redirect "true"); no backend is contacted', () => {
    const r = traceIn(
      local() + ingress({ tls: true, paths: [{ path: '/', pathType: 'Prefix', service: 'web', port: 80 }] }),
      { from: CLIENT, to: 'http://shop.example.no/cart' },
    );
    const f = finding(r, 'INGRESS_REDIRECT')!;
    expect(f.severity).toBe('info');
    expect(f.detail).toContain('308 Permanent Redirect to https://shop.example.no/cart');
    expect(f.evidence).toContainEqual(
      expect.objectContaining({
        kind: 'Ingress',
        name: 'shop',
        field: 'spec.tls[].hosts',
        value: 'shop.example.no',
      }),
    );
    expect(hop(r, 'ingress')!.label).toBe('Ingress shop/shop → 308 redirect');
    expect(r.hops.some((h) => h.kind === 'endpoint')).toBe(false);
    // https is proxied.
    const s = traceIn(
      local() + ingress({ tls: true, paths: [{ path: '/', pathType: 'Prefix', service: 'web', port: 80 }] }),
      { from: CLIENT, to: 'https://shop.example.no/cart' },
    );
    expect(codes(s)).not.toContain('INGRESS_REDIRECT');
    expect(hop(s, 'endpoint')).toBeDefined();
  });

  it('without TLS there is no redirect unless force-ssl-redirect; ssl-redirect "false" turns it off; http-redirect-code changes the code', () => {
    const noTls = traceIn(
      local() + ingress({ paths: [{ path: '/', pathType: 'Prefix', service: 'web', port: 80 }] }),
      { from: CLIENT, to: 'http://shop.example.no/' },
    );
    expect(codes(noTls)).not.toContain('INGRESS_REDIRECT');
    const forced = traceIn(
      local() +
        ingress({
          annotations: { 'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true' },
          paths: [{ path: '/', pathType: 'Prefix', service: 'web', port: 80 }],
        }),
      { from: CLIENT, to: 'http://shop.example.no/' },
    );
    expect(finding(forced, 'INGRESS_REDIRECT')?.detail).toContain('force-ssl-redirect');
    const off = traceIn(
      local() +
        ingress({
          tls: true,
          annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' },
          paths: [{ path: '/', pathType: 'Prefix', service: 'web', port: 80 }],
        }),
      { from: CLIENT, to: 'http://shop.example.no/' },
    );
    expect(codes(off)).not.toContain('INGRESS_REDIRECT');
    const code301 = traceIn(
      base({ lbIP: '192.168.1.240', etp: 'Local', controllerConfig: { 'http-redirect-code': '301' } }) +
        ingress({ tls: true, paths: [{ path: '/', pathType: 'Prefix', service: 'web', port: 80 }] }),
      { from: CLIENT, to: 'http://shop.example.no/' },
    );
    expect(hop(code301, 'ingress')!.label).toContain('301 redirect');
  });
});

describe('permanent-redirect and temporal-redirect', () => {
  // Annotations page, "Permanent Redirect" / "Temporal Redirect": `return 301|302 URL` in the
  // location (permanent-redirect-code / temporal-redirect-code change the code), for https too.
  it("answers https with the annotation's code and URL, ahead of ssl-redirect on http", () => {
    const ann = {
      'nginx.ingress.kubernetes.io/permanent-redirect': 'https://www.example.no/shop',
      'nginx.ingress.kubernetes.io/permanent-redirect-code': '308',
    };
    const r = traceIn(
      local() +
        ingress({
          tls: true,
          annotations: ann,
          paths: [{ path: '/', pathType: 'Prefix', service: 'web', port: 80 }],
        }),
      { from: CLIENT, to: 'https://shop.example.no/cart' },
    );
    const f = finding(r, 'INGRESS_REDIRECT')!;
    expect(f.detail).toContain(
      'https://shop.example.no/cart itself with 308 Permanent Redirect to https://www.example.no/shop',
    );
    expect(f.fix).toContain('nginx.ingress.kubernetes.io/permanent-redirect-');
    const http = traceIn(
      local() +
        ingress({
          tls: true,
          annotations: ann,
          paths: [{ path: '/', pathType: 'Prefix', service: 'web', port: 80 }],
        }),
      { from: CLIENT, to: 'http://shop.example.no/cart' },
    );
    expect(hop(http, 'ingress')!.facts?.['redirect']).toBe('308 → https://www.example.no/shop');
    const temporal = traceIn(
      local() +
        ingress({
          annotations: { 'nginx.ingress.kubernetes.io/temporal-redirect': 'https://status.example.no/' },
          paths: [{ path: '/', pathType: 'Prefix', service: 'web', port: 80 }],
        }),
      { from: CLIENT, to: 'https://shop.example.no/' },
    );
    expect(finding(temporal, 'INGRESS_REDIRECT')!.detail).toContain(
      '302 Found to https://status.example.no/',
    );
  });
});

describe('allowlist-source-range', () => {
  const office = { 'nginx.ingress.kubernetes.io/allowlist-source-range': '203.0.113.0/24' };
  it('refuses a client outside the ranges with 403 (INGRESS_SOURCE_DENIED) and admits one inside', () => {
    const r = traceIn(
      local() +
        ingress({
          annotations: office,
          paths: [{ path: '/', pathType: 'Prefix', service: 'web', port: 80 }],
        }),
      { from: CLIENT, to: 'https://shop.example.no/admin' },
    );
    expect(r.verdict).toBe('dropped');
    const f = finding(r, 'INGRESS_SOURCE_DENIED')!;
    expect(f.severity).toBe('error');
    expect(f.detail).toContain('nginx checks 198.51.100.7');
    expect(f.fix).toContain('allowlist-source-range=203.0.113.0/24,198.51.100.7/32');
    expect(hop(r, 'ingress')!.verdict).toBe('drop');
    const ok = traceIn(
      local() +
        ingress({
          annotations: office,
          paths: [{ path: '/', pathType: 'Prefix', service: 'web', port: 80 }],
        }),
      { from: 'ip:203.0.113.45', to: 'https://shop.example.no/admin' },
    );
    expect(ok.verdict).toBe('delivered');
    // The deprecated name is still read.
    const legacy = traceIn(
      local() +
        ingress({
          annotations: { 'nginx.ingress.kubernetes.io/whitelist-source-range': '203.0.113.0/24' },
          paths: [{ path: '/', pathType: 'Prefix', service: 'web', port: 80 }],
        }),
      { from: CLIENT, to: 'https://shop.example.no/' },
    );
    expect(codes(legacy)).toContain('INGRESS_SOURCE_DENIED');
  });

  it('an entry that is no CIDR or address makes ingress-nginx deny the whole location (503), for allowed clients too', () => {
    // ipallowlist/main.go: ParseIPNets error with no plain address parsed → LocationDeniedError → `return 503`.
    const typo = { 'nginx.ingress.kubernetes.io/allowlist-source-range': '203.0.113.0/24 198.51.100.0/24' };
    const r = traceIn(
      local() +
        ingress({ annotations: typo, paths: [{ path: '/', pathType: 'Prefix', service: 'web', port: 80 }] }),
      { from: 'ip:203.0.113.45', to: 'https://shop.example.no/' },
    );
    expect(r.verdict).toBe('dropped');
    expect(hop(r, 'ingress')!.label).toBe('Ingress shop/shop → 503 Service Unavailable (location denied)');
    const f = finding(r, 'INGRESS_SOURCE_DENIED')!;
    expect(f.detail).toContain('holds 203.0.113.0/24 198.51.100.0/24, which is no IP address or CIDR');
    expect(f.detail).toContain('503 Service Unavailable');
  });

  it('with externalTrafficPolicy Cluster nginx judges the SNATed node address, not the office client', () => {
    const r = traceIn(
      base({ lbIP: '192.168.1.240', etp: 'Cluster' }) +
        ingress({
          annotations: office,
          paths: [{ path: '/', pathType: 'Prefix', service: 'web', port: 80 }],
        }),
      { from: 'ip:203.0.113.45', to: 'https://shop.example.no/' },
    );
    const f = finding(r, 'INGRESS_SOURCE_DENIED')!;
    expect(f.detail).toContain('not the client 203.0.113.45');
    expect(f.fix).toContain('"externalTrafficPolicy":"Local"');
    // use-proxy-protocol: nginx takes the address from the PROXY header and admits the office.
    const pp = traceIn(
      base({ lbIP: '192.168.1.240', etp: 'Cluster', controllerConfig: { 'use-proxy-protocol': 'true' } }) +
        ingress({
          annotations: office,
          paths: [{ path: '/', pathType: 'Prefix', service: 'web', port: 80 }],
        }),
      { from: 'ip:203.0.113.45', to: 'https://shop.example.no/' },
    );
    expect(codes(pp)).not.toContain('INGRESS_SOURCE_DENIED');
    expect(finding(pp, 'CLIENT_IP_VIA_HEADER')!.detail).toContain('PROXY protocol');
  });
});

describe('what the backend sees', () => {
  it('the controller pod as source, the client in X-Forwarded-For; with eTP Cluster the header already carries the node', () => {
    const ing = ingress({
      annotations: {
        'nginx.ingress.kubernetes.io/backend-protocol': 'HTTPS',
        'nginx.ingress.kubernetes.io/upstream-vhost': 'web.internal',
      },
      paths: [{ path: '/', pathType: 'Prefix', service: 'web', port: 80 }],
    });
    const r = traceIn(local() + ing, { from: CLIENT, to: 'https://shop.example.no/' });
    expect(hop(r, 'endpoint')!.src).toBe('10.244.1.20');
    const f = finding(r, 'CLIENT_IP_VIA_HEADER')!;
    expect(f.detail).toContain('the backend sees 10.244.1.20 as the source address');
    expect(f.detail).toContain('X-Forwarded-For / X-Real-IP: 198.51.100.7');
    expect(hop(r, 'ingress')!.facts?.['backend protocol']).toContain('HTTPS');
    expect(hop(r, 'ingress')!.facts?.['Host header to backend']).toBe('web.internal (upstream-vhost)');
    const cluster = traceIn(base({ lbIP: '192.168.1.240', etp: 'Cluster' }) + ing, {
      from: CLIENT,
      to: 'https://shop.example.no/',
    });
    const c = finding(cluster, 'CLIENT_IP_VIA_HEADER')!;
    expect(c.detail).toContain('That is not the client 198.51.100.7');
    expect(hop(cluster, 'ingress')!.facts?.['X-Forwarded-For / X-Real-IP']).not.toContain('198.51.100.7');
  });

  it('use-forwarded-headers trusts the X-Forwarded-For the client sends; compute-full-forwarded-for appends the hop', () => {
    const cfg = { 'use-forwarded-headers': 'true', 'compute-full-forwarded-for': 'true' };
    const r = traceIn(
      base({ lbIP: '192.168.1.240', etp: 'Local', controllerConfig: cfg }) +
        ingress({ paths: [{ path: '/', pathType: 'Prefix', service: 'web', port: 80 }] }),
      { from: CLIENT, to: 'https://shop.example.no/', headers: { 'X-Forwarded-For': '192.0.2.50' } },
    );
    expect(hop(r, 'ingress')!.facts?.['X-Forwarded-For / X-Real-IP']).toBe(
      '192.0.2.50, 198.51.100.7 / 192.0.2.50',
    );
  });
});

describe('service-upstream', () => {
  // Annotations page, "Service Upstream": nginx proxies to the Service's ClusterIP instead
  // of the endpoint list, so kube-proxy on the controller's node picks the pod.
  it('adds the kube-proxy service hop after the controller; without it nginx picks the endpoint itself', () => {
    const paths = [{ path: '/', pathType: 'Prefix', service: 'web', port: 80 }];
    const via = traceIn(
      local() + ingress({ annotations: { 'nginx.ingress.kubernetes.io/service-upstream': 'true' }, paths }),
      { from: CLIENT, to: 'https://shop.example.no/' },
    );
    const k = via.hops.map((h) => h.kind);
    expect(k.lastIndexOf('service')).toBeGreaterThan(k.indexOf('ingress'));
    expect(hop(via, 'ingress')!.facts?.['upstream']).toContain('service-upstream');
    const direct = traceIn(local() + ingress({ paths }), { from: CLIENT, to: 'https://shop.example.no/' });
    const d = direct.hops.map((h) => h.kind);
    expect(d.slice(d.indexOf('ingress'))).not.toContain('service');
  });
});
