// L7 and DNS-name rules of Cilium policies.
//   L7:  https://docs.cilium.io/en/stable/security/policy/language/#layer-7-examples
//        (HTTP: method, path and host are extended POSIX regexes; headers must be
//        present, `Name: value` must match; requests matching no rule get 403)
//   DNS: https://docs.cilium.io/en/stable/security/policy/language/#dns-based
//        (toFQDNs matches the IPs the DNS proxy saw for the names)
//   source: cilium/cilium pkg/policy/api/http.go, l4.go (PortRuleHTTP, L7Rules)

import { describe, expect, it } from 'vitest';
import { traceRoute } from '../../trace';
import { ciliumModel, pod } from '../testing/cilium-cluster';
import { ciliumL7, httpRuleMatches, type L7Request } from './l7';

const req = (method: string, path: string, headers: Record<string, string> = {}): L7Request => ({
  method,
  path,
  headers: new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
});

const apiL7 = (rules: string, more = '') =>
  ciliumModel(`---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: api-l7, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: api}}
  ingress:
  - fromEndpoints: [{matchLabels: {app: web}}]
    toPorts:
    - ports: [{port: '8080', protocol: TCP}]
      rules:
${rules.replace(/^/gm, '        ')}
${more}`);

describe('HTTP rules', () => {
  it('method and path are whole-value regexes; headers must be present or equal', () => {
    const rule = { method: 'GET|HEAD', path: '/api/v[0-9]+/orders', headers: ['X-Tenant', 'X-Env: prod'] };
    expect(httpRuleMatches(rule, req('GET', '/api/v2/orders', { 'X-Tenant': 'a', 'X-Env': 'prod' }))).toBe(
      true,
    );
    expect(httpRuleMatches(rule, req('GET', '/api/v2/orders/7', { 'X-Tenant': 'a', 'X-Env': 'prod' }))).toBe(
      false,
    );
    expect(httpRuleMatches(rule, req('POST', '/api/v2/orders', { 'X-Tenant': 'a', 'X-Env': 'prod' }))).toBe(
      false,
    );
    expect(httpRuleMatches(rule, req('GET', '/api/v2/orders', { 'X-Env': 'prod' }))).toBe(false);
    expect(httpRuleMatches(rule, req('GET', '/api/v2/orders', { 'X-Tenant': 'a', 'X-Env': 'dev' }))).toBe(
      false,
    );
    expect(httpRuleMatches({ headers: [] }, req('DELETE', '/anything'))).toBe(true);
  });

  it('a request must match one rule of the rules covering the peer and port', () => {
    const m = apiL7("http: [{method: GET, path: /healthz}, {method: POST, path: '/api/orders'}]");
    const check = (r: L7Request) =>
      ciliumL7(m, m.pods.get('shop/api')!, pod(m, 'shop/web'), pod(m, 'shop/api'), 'Ingress', 'TCP', 8080, r);
    expect(check(req('POST', '/api/orders'))?.httpMatch?.index).toBe(1);
    expect(check(req('GET', '/api/orders'))?.httpMatch).toBeNull();
    // Another port: the L7 rules do not apply.
    expect(
      ciliumL7(
        m,
        m.pods.get('shop/api')!,
        pod(m, 'shop/web'),
        pod(m, 'shop/api'),
        'Ingress',
        'TCP',
        9090,
        req('GET', '/x'),
      )?.rules,
    ).toEqual([]);
  });

  it('an L4-only allow of the same peer and port lets every request through', () => {
    const m = apiL7(
      'http: [{method: GET, path: /healthz}]',
      `  - fromEndpoints: [{matchLabels: {app: web}}]
    toPorts: [{ports: [{port: '8080', protocol: TCP}]}]
`,
    );
    const d = ciliumL7(
      m,
      m.pods.get('shop/api')!,
      pod(m, 'shop/web'),
      pod(m, 'shop/api'),
      'Ingress',
      'TCP',
      8080,
      req('GET', '/api/orders'),
    );
    expect(d?.unrestricted).toBe(true);
    expect(d?.httpMatch).toBeUndefined();
  });

  it('DNS and Kafka rules are reported, not evaluated', () => {
    const m = apiL7('kafka: [{role: consume, topic: orders}]');
    const d = ciliumL7(
      m,
      m.pods.get('shop/api')!,
      pod(m, 'shop/web'),
      pod(m, 'shop/api'),
      'Ingress',
      'TCP',
      8080,
    );
    expect(d?.rules.map((r) => r.kafka)).toEqual([[{ role: 'consume', topic: 'orders' }]]);
    const t = traceRoute(m, { from: 'pod:shop/web', to: 'pod:shop/api', port: 8080 });
    const f = t.findings.find((x) => x.code === 'POLICY_L7_RULE')!;
    expect(f.detail).toContain('kafka');
    expect(f.evidence).toEqual([
      {
        kind: 'CiliumNetworkPolicy',
        namespace: 'shop',
        name: 'api-l7',
        field: 'spec.ingress[0].toPorts[0].rules.kafka[0]',
        value: 'role=consume topic=orders',
      },
    ]);
  });
});

describe('toFQDNs', () => {
  const fqdn = ciliumModel(`---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: web-fqdn, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: web}}
  egress:
  - toFQDNs: [{matchName: api.stripe.com}, {matchPattern: '*.github.com'}]
    toPorts: [{ports: [{port: '443', protocol: TCP}]}]
  - toEntities: [cluster]
`);

  it('a world address under a toFQDNs rule is denied with POLICY_DEPENDS_ON_DNS saying what was assumed', () => {
    const t = traceRoute(fqdn, { from: 'pod:shop/web', to: 'ip:198.51.100.7', port: 443 });
    expect(t.verdict).toBe('dropped');
    const f = t.findings.find((x) => x.code === 'POLICY_DEPENDS_ON_DNS')!;
    expect(f.severity).toBe('warning');
    expect(f.detail).toContain(
      'Assumed: 198.51.100.7 is not among the addresses DNS returned for api.stripe.com, *.github.com',
    );
    expect(f.evidence.map((e) => `${e.field} = ${e.value}`)).toEqual([
      'spec.egress[0].toFQDNs[0] = api.stripe.com',
      'spec.egress[0].toFQDNs[1] = *.github.com',
    ]);
    expect(f.verify[0]).toContain('cilium-dbg fqdn cache list');
  });

  it('is not raised for another port or a cluster peer', () => {
    const other = traceRoute(fqdn, { from: 'pod:shop/web', to: 'ip:198.51.100.7', port: 80 });
    expect(other.findings.map((x) => x.code)).not.toContain('POLICY_DEPENDS_ON_DNS');
    const inCluster = traceRoute(fqdn, { from: 'pod:shop/web', to: 'pod:shop/api', port: 443 });
    expect(inCluster.findings.map((x) => x.code)).not.toContain('POLICY_DEPENDS_ON_DNS');
  });
});
