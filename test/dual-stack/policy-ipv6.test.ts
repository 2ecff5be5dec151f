// NetworkPolicy ipBlock on IPv6, and the reach view over IPv6 ranges.
// - ipBlock.cidr / except take IPv4 or IPv6 CIDRs and match addresses of the same family
//   (https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource:
//   "cidr: a string representing the IPBlock. Valid examples are 192.168.1.0/24 or
//   2001:db8::/64"); a CNI programs each family in its own tables, so an IPv4 block never
//   admits an IPv6 client (Calico renders per-family ipsets; upstream e2e
//   test/e2e/network/netpol "should support a 'default-deny-ingress' policy" runs per family).
// - reach cuts ::/0 at IPv6 block edges exactly as netpol-analyzer cuts 0.0.0.0/0
//   (test/peer-suites/netpol-analyzer/README.md "IP-range peers"), but only when the
//   cluster uses IPv6 or a policy names an IPv6 CIDR, so IPv4-only output is unchanged.
import { SEEN_SOURCE_FACT } from '../../lib/engine/trace/facts';
import { describe, expect, it } from 'vitest';
import { computeReach } from 'lib/engine';
import { traceRoute } from 'lib/engine/trace';
import { evaluateConnection } from 'lib/engine/policy/evaluate';
import { modelOfYaml } from '../fixtures/ingest/model';
import { dualStackModel, dualStackYaml } from './cluster';

const officePolicy = (cidrs: string) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-office, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress:
  - from: [${cidrs}]
    ports: [{protocol: TCP, port: 5432}]`;

describe('ipBlock on IPv6 addresses', () => {
  it('an IPv4-only ipBlock denies IPv6 clients; an IPv6 block with except matches by 128-bit range', () => {
    const v4only = dualStackModel({ extra: officePolicy('{ipBlock: {cidr: 203.0.113.0/24}}') });
    const db = { type: 'pod' as const, pod: v4only.pods.get('shop/db-0')! };
    expect(evaluateConnection(v4only, { type: 'ip', ip: '203.0.113.7' }, db, 'TCP', 5432).allowed).toBe(true);
    expect(evaluateConnection(v4only, { type: 'ip', ip: '2001:db8:beef::7' }, db, 'TCP', 5432).allowed).toBe(
      false,
    );

    const both = dualStackModel({
      extra: officePolicy(
        "{ipBlock: {cidr: 203.0.113.0/24}}, {ipBlock: {cidr: '2001:db8:beef::/48', except: ['2001:db8:beef:bad::/64']}}",
      ),
    });
    const db2 = { type: 'pod' as const, pod: both.pods.get('shop/db-0')! };
    expect(evaluateConnection(both, { type: 'ip', ip: '2001:db8:beef::7' }, db2, 'TCP', 5432).allowed).toBe(
      true,
    );
    expect(
      evaluateConnection(both, { type: 'ip', ip: '2001:db8:beef:bad::1' }, db2, 'TCP', 5432).allowed,
    ).toBe(false);
    expect(evaluateConnection(both, { type: 'ip', ip: '2001:db8:bef0::1' }, db2, 'TCP', 5432).allowed).toBe(
      false,
    );
  });
});

// A dual-stack LoadBalancer (status.loadBalancer.ingress lists an address per family)
// with externalTrafficPolicy: Local keeps the client address (kube-proxy KUBE-SVL, no
// SNAT), so the backend's ingress ipBlock judges the IPv6 client itself. Manifest Services
// without EndpointSlices get one derived slice per family, as the EndpointSlice
// controller writes them (pkg/controller/endpointslice: one addressType per slice).
const dualStackLB = `---
apiVersion: v1
kind: Service
metadata: {name: shop-lb, namespace: shop}
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  ipFamilyPolicy: PreferDualStack
  ipFamilies: [IPv4, IPv6]
  clusterIPs: [10.96.0.30, 'fd00:10:96::30']
  selector: {app: db}
  ports: [{name: postgres, port: 5432, targetPort: postgres, nodePort: 31432}]
status:
  loadBalancer:
    ingress: [{ip: 198.51.100.20}, {ip: '2001:db8:cafe::20'}]`;

describe('an IPv6 client through a dual-stack LoadBalancer', () => {
  it('is denied by an IPv4-only ipBlock and allowed once the IPv6 office range is added', () => {
    const broken = dualStackModel({
      extra: `${dualStackLB}\n${officePolicy('{ipBlock: {cidr: 203.0.113.0/24}}')}`,
    });
    const v4 = traceRoute(broken, { from: 'ip:203.0.113.7', to: 'ip:198.51.100.20', port: 5432 });
    expect(v4.verdict).toBe('delivered');
    const v6 = traceRoute(broken, { from: 'ip:2001:db8:beef::7', to: 'ip:2001:db8:cafe::20', port: 5432 });
    expect(v6.verdict).toBe('dropped');
    expect(v6.findings.map((f) => f.code)).toContain('POLICY_INGRESS_DENIED');
    const svc = v6.hops.find((h) => h.kind === 'service')!;
    expect(svc.facts).toMatchObject({
      'dst after': '[fd00:10:244:2::7]:5432',
      endpoints: '1 ready of 1 (shop-lb-derived-ipv6)',
    });
    expect(v6.hops.find((h) => h.kind === 'node-port')!.facts?.['node IP']).toBe('fd00:10:0:1::12');
    const fixed = dualStackModel({
      extra: `${dualStackLB}\n${officePolicy("{ipBlock: {cidr: 203.0.113.0/24}}, {ipBlock: {cidr: '2001:db8:beef::/48'}}")}`,
    });
    const ok = traceRoute(fixed, { from: 'ip:2001:db8:beef::7', to: 'ip:2001:db8:cafe::20', port: 5432 });
    expect(ok.verdict).toBe('delivered');
    expect(ok.hops.find((h) => h.kind === 'endpoint')!.facts?.[SEEN_SOURCE_FACT]).toBe('2001:db8:beef::7');
  });
});

describe('reach over IPv6 ranges', () => {
  it('cuts ::/0 at the IPv6 ipBlock edges and keeps the IPv4 ranges', () => {
    const m = dualStackModel({
      extra: officePolicy(
        "{ipBlock: {cidr: 203.0.113.0/24}}, {ipBlock: {cidr: '2001:db8:beef::/48', except: ['2001:db8:beef:bad::/64']}}",
      ),
    });
    const toDb = computeReach(m, { granularity: 'pod' }).pairs.filter(
      (p) => p.to === 'shop/db-0[Pod]' && p.from.endsWith('[External]'),
    );
    expect(toDb).toEqual([
      {
        from: '2001:db8:beef::-2001:db8:beef:bac:ffff:ffff:ffff:ffff[External]',
        to: 'shop/db-0[Pod]',
        conn: 'TCP 5432',
      },
      {
        from: '2001:db8:beef:bae::-2001:db8:beef:ffff:ffff:ffff:ffff:ffff[External]',
        to: 'shop/db-0[Pod]',
        conn: 'TCP 5432',
      },
      { from: '203.0.113.0-203.0.113.255[External]', to: 'shop/db-0[Pod]', conn: 'TCP 5432' },
    ]);
    // Unpoliced web accepts every range of both families, cut at the same edges.
    const toWeb = computeReach(m, { granularity: 'pod' })
      .pairs.filter((p) => p.to === 'shop/web[Pod]' && p.from.endsWith('[External]'))
      .map((p) => p.from);
    expect(toWeb).toContain('::-2001:db8:beee:ffff:ffff:ffff:ffff:ffff[External]');
    expect(toWeb).toContain('2001:db8:beef:bad::-2001:db8:beef:bad:ffff:ffff:ffff:ffff[External]');
    expect(toWeb).toContain('2001:db8:bef0::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External]');
    expect(toWeb).toContain('0.0.0.0-203.0.112.255[External]');
  });

  it('lists the whole IPv6 space as one range in a dual-stack cluster without IPv6 blocks', () => {
    const pairs = computeReach(dualStackModel(), { granularity: 'pod' }).pairs;
    expect(pairs).toContainEqual({
      from: 'shop/web[Pod]',
      to: '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External]',
      conn: 'All Connections',
    });
    expect(pairs).toContainEqual({
      from: 'shop/web[Pod]',
      to: '0.0.0.0-255.255.255.255[External]',
      conn: 'All Connections',
    });
    // The single-stack IPv4 pod has no IPv6 address: no IPv6 range reaches it or is reached.
    expect(
      pairs.filter(
        (p) =>
          (p.from === 'shop/legacy[Pod]' || p.to === 'shop/legacy[Pod]') &&
          (p.from.includes('::') || p.to.includes('::')),
      ),
    ).toEqual([]);
    expect(pairs).toContainEqual({
      from: 'shop/legacy[Pod]',
      to: '0.0.0.0-255.255.255.255[External]',
      conn: 'All Connections',
    });
  });

  it('adds no IPv6 range to an IPv4-only cluster (netpol-analyzer output unchanged)', () => {
    const v4 = dualStackYaml({ ipFamilies: ['IPv4'] })
      .replace(/, ?\{type: InternalIP, address: 'fd00[^}]*\}/g, '')
      .replace(/, ?\{ip: 'fd00[^}]*\}/g, '')
      .replace(/, 'fd00:10:244:\d::\/64'/g, '');
    const m = modelOfYaml(v4);
    expect(
      computeReach(m, { granularity: 'pod' }).pairs.some((p) => p.from.includes(':') || p.to.includes('::')),
    ).toBe(false);
  });
});
