// Traffic from outside: ingress-nginx behind MetalLB (client IP), bare-metal
// LoadBalancers (pending, not advertised, advertised) and the Gateway API canary.

import { describe, expect, it } from 'vitest';
import { codes, findingOf, hopsOfKind, inOrder, kinds, lint, modelOf, trace, traceQuery } from './helpers';

/** The node MetalLB L2 answers from: never one labelled exclude-from-external-load-balancers (cp-1). */
function receivingNode(r: ReturnType<typeof trace>): string | undefined {
  return hopsOfKind(r, 'node-port')[0]?.node;
}

describe('client-ip-lost-etp-cluster', () => {
  it('SNATs the customer to the receiving node before ingress-nginx sees it', () => {
    const r = trace('client-ip-lost-etp-cluster', 0);
    expect(r.verdict).toBe('degraded');
    // ingress-nginx balances over the EndpointSlice endpoints itself: no kube-proxy hop after the controller.
    expect(
      inOrder(kinds(r), [
        'client',
        'load-balancer',
        'node-port',
        'service',
        'snat',
        'ingress',
        'policy-egress',
        'node',
        'policy-ingress',
        'veth',
        'endpoint',
      ]),
    ).toBe(true);
    expect(kinds(r).slice(kinds(r).indexOf('ingress'))).not.toContain('service');
    expect(hopsOfKind(r, 'ingress')[0]?.branches?.map((b) => b.service?.name)).toEqual(['web', 'web']);
    const f = findingOf(r, 'CLIENT_IP_LOST_ETP_CLUSTER')!;
    expect(f.severity).toBe('warning');
    expect(f.evidence).toContainEqual(
      expect.objectContaining({
        kind: 'Service',
        namespace: 'ingress-nginx',
        name: 'ingress-nginx-controller',
        field: 'spec.externalTrafficPolicy',
        value: 'Cluster',
      }),
    );
    const snat = hopsOfKind(r, 'snat')[0]!;
    expect(snat.findings).toContain('CLIENT_IP_LOST_ETP_CLUSTER');
    // What the controller sees as the client is the receiving node (its vxlan.calico tunnel
    // address, the device the masqueraded packet leaves by), not 198.51.100.23.
    expect(hopsOfKind(r, 'ingress')[0]?.src).toBe(hopsOfKind(r, 'snat')[0]?.src);
    expect(hopsOfKind(r, 'ingress')[0]?.src).not.toBe('198.51.100.23');
    expect(codes(r.findings)).toContain('METALLB_L2_SINGLE_NODE');
    expect(hopsOfKind(r, 'endpoint')[0]?.label).toMatch(/^shop\/web-/);
  });

  it('enters at the node MetalLB elected (ServiceL2Status: worker-3, no controller pod there)', () => {
    const r = trace('client-ip-lost-etp-cluster', 0);
    expect(receivingNode(r)).toBe('worker-3');
    // MASQUERADE out of vxlan.calico takes worker-3's VXLAN tunnel address, not its InternalIP 192.168.1.13.
    expect(hopsOfKind(r, 'snat')[0]?.src).toBe(
      modelOf('client-ip-lost-etp-cluster').nodes.get('worker-3')?.annotations[
        'projectcalico.org/IPv4VXLANTunnelAddr'
      ],
    );
    expect(hopsOfKind(r, 'snat')[0]?.label).toContain('vxlan.calico');
    expect(hopsOfKind(r, 'ingress')[0]?.node).not.toBe('worker-3');
  });

  it('crosses the overlay when the SNATed packet goes to a controller pod on another node', () => {
    const r = trace('client-ip-lost-etp-cluster', 0);
    const ingress = hopsOfKind(r, 'ingress')[0]!;
    if (ingress.node !== receivingNode(r)) {
      const between = kinds(r).slice(kinds(r).indexOf('snat'), kinds(r).indexOf('ingress'));
      expect(between).toContain('underlay');
    }
  });

  it('routes /api/cart to the api Service by the Prefix rule', () => {
    const r = trace('client-ip-lost-etp-cluster', 1);
    expect(hopsOfKind(r, 'ingress')[0]?.label).toMatch(/\/api/);
    expect(hopsOfKind(r, 'endpoint')[0]?.label).toMatch(/^shop\/api-/);
  });

  it('keeps the client IP with externalTrafficPolicy Local', () => {
    const r = trace('client-ip-kept-etp-local', 0);
    expect(r.verdict).toBe('delivered');
    expect(kinds(r)).not.toContain('snat');
    expect(codes(r.findings)).not.toContain('CLIENT_IP_LOST_ETP_CLUSTER');
    expect(hopsOfKind(r, 'ingress')[0]?.src).toBe('198.51.100.23');
    // MetalLB moved the announcement to worker-1, which runs a ready controller pod.
    expect(receivingNode(r)).toBe('worker-1');
  });

  it('drops traffic to the node port of a node without a controller pod (ETP Local)', () => {
    const r = trace('client-ip-kept-etp-local', 2);
    expect(r.verdict).toBe('dropped');
    const f = findingOf(r, 'ETP_LOCAL_NO_LOCAL_ENDPOINT')!;
    expect(f.severity).toBe('error');
    const hop = r.hops.find((h) => h.id === f.hop)!;
    expect(hop.kind).toBe('node-port');
    expect(hop.node).toBe('worker-3');
    expect(hop.verdict).toBe('drop');
    expect(kinds(r)).not.toContain('endpoint');
    expect(codes(r.findings)).toContain('NODEPORT_EXPOSED');
  });
});

describe('bare-metal LoadBalancer', () => {
  it('lint reports storefront <pending> when nothing implements LoadBalancer', async () => {
    const f = (await lint('lb-pending-no-metallb')).findings.filter((x) => x.code === 'LB_PENDING');
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('error');
    expect(f[0]!.evidence).toContainEqual(
      expect.objectContaining({ kind: 'Service', namespace: 'shop', name: 'storefront' }),
    );
  });

  it('still serves through the node port, exposed on every node, with the client SNATed', () => {
    const r = trace('lb-pending-no-metallb', 0);
    expect(r.verdict).toBe('degraded');
    expect(
      inOrder(kinds(r), [
        'client',
        'node-port',
        'service',
        'snat',
        'node',
        'policy-ingress',
        'veth',
        'endpoint',
      ]),
    ).toBe(true);
    expect(kinds(r)).not.toContain('load-balancer');
    expect(codes(r.findings)).toEqual(
      expect.arrayContaining(['NODEPORT_EXPOSED', 'CLIENT_IP_LOST_ETP_CLUSTER']),
    );
  });

  it('reaches the node port when the node is named by address (ip:), not a host-network pod on it', () => {
    // calico-node, kube-proxy and the speaker run with hostNetwork and share the node's IP;
    // the address still belongs to the node, whose node port answers.
    const r = traceQuery('lb-pending-no-metallb', {
      from: 'ip:198.51.100.23',
      to: 'ip:192.168.1.11',
      port: 30880,
      protocol: 'TCP',
    });
    expect(inOrder(kinds(r), ['client', 'node-port', 'service', 'snat', 'endpoint'])).toBe(true);
    expect(hopsOfKind(r, 'node-port')[0]?.node).toBe('worker-1');
    expect(codes(r.findings)).not.toContain('NO_ROUTE');
  });

  it('drops at the load balancer when the pool is not advertised', async () => {
    const r = trace('metallb-pool-not-advertised', 0);
    expect(r.verdict).toBe('dropped');
    expect(kinds(r)).toEqual(['client', 'load-balancer']);
    const f = findingOf(r, 'METALLB_NOT_ADVERTISED')!;
    expect(f.severity).toBe('error');
    expect(f.evidence).toContainEqual(
      expect.objectContaining({ kind: 'IPAddressPool', name: 'public-pool' }),
    );
    const lintCodes = codes((await lint('metallb-pool-not-advertised')).findings);
    expect(lintCodes).toContain('METALLB_NOT_ADVERTISED');
    expect(lintCodes).not.toContain('LB_PENDING');
  });

  it('answers from one node once an L2Advertisement selects the pool', async () => {
    const r = trace('metallb-l2-advertised', 0);
    expect(r.hops.some((h) => h.verdict === 'drop')).toBe(false);
    expect(inOrder(kinds(r), ['client', 'load-balancer', 'node-port', 'service', 'snat', 'endpoint'])).toBe(
      true,
    );
    expect(hopsOfKind(r, 'load-balancer')[0]?.findings).toContain('METALLB_L2_SINGLE_NODE');
    expect(codes(r.findings)).not.toContain('METALLB_NOT_ADVERTISED');
    expect(receivingNode(r)).toBe('worker-2');
    // TCP segments are sized by the MSS both ends advertise, so a 1500-byte client does not
    // push 1500-byte packets into the 1450-byte overlay.
    expect(codes(r.findings)).not.toContain('MTU_FRAGMENTATION_RISK');
    const lintResult = await lint('metallb-l2-advertised');
    expect(codes(lintResult.findings)).not.toContain('LB_PENDING');
    expect(codes(lintResult.findings)).not.toContain('METALLB_NOT_ADVERTISED');
  });
});

describe('ipvs-strictarp-metallb', () => {
  it('flags MetalLB L2 with IPVS and strictARP off at the load balancer', async () => {
    const r = trace('ipvs-strictarp-metallb', 0);
    const f = findingOf(r, 'IPVS_STRICT_ARP_REQUIRED')!;
    expect(f.severity).toBe('error');
    expect(r.hops.find((h) => h.id === f.hop)?.kind).toBe('load-balancer');
    expect(f.evidence).toContainEqual(
      expect.objectContaining({ kind: 'ConfigMap', namespace: 'kube-system', name: 'kube-proxy' }),
    );
    expect(r.verdict).not.toBe('delivered');
    expect(codes((await lint('ipvs-strictarp-metallb')).findings)).toContain('IPVS_STRICT_ARP_REQUIRED');
  });

  it('delivers with the client IP once strictARP is on (ETP Local, IPVS rr)', async () => {
    const r = trace('ipvs-strictarp-enabled', 0);
    expect(r.verdict).toBe('delivered');
    expect(codes(r.findings)).not.toContain('IPVS_STRICT_ARP_REQUIRED');
    expect(kinds(r)).not.toContain('snat');
    expect(hopsOfKind(r, 'service')[0]?.label).toMatch(/IPVS/);
    expect(hopsOfKind(r, 'endpoint')[0]?.src).toBe('198.51.100.23');
    expect(codes((await lint('ipvs-strictarp-enabled')).findings)).not.toContain('IPVS_STRICT_ARP_REQUIRED');
  });
});

describe('gateway-canary', () => {
  it('splits /api/v2 90/10 and refuses the cross-namespace canary branch', () => {
    const r = trace('gateway-canary', 0);
    expect(r.verdict).toBe('degraded');
    // Envoy Gateway picks the endpoint itself (EDS from EndpointSlices): no kube-proxy hop after the gateway.
    expect(
      inOrder(kinds(r), [
        'client',
        'load-balancer',
        'node-port',
        'service',
        'gateway',
        'policy-egress',
        'policy-ingress',
        'veth',
        'endpoint',
      ]),
    ).toBe(true);
    expect(kinds(r).slice(kinds(r).indexOf('gateway'))).not.toContain('service');
    const gw = hopsOfKind(r, 'gateway')[0]!;
    expect(gw.findings).toEqual(
      expect.arrayContaining(['GATEWAY_WEIGHTED_SPLIT', 'GATEWAY_REFERENCE_NOT_PERMITTED']),
    );
    // Shares per backendRef: the endpoints of api-service share its 90 %; the refused canary keeps 10 % and answers 500.
    const byService = new Map<string, number>();
    for (const b of gw.branches ?? []) {
      const svc = b.service ?? b.target;
      const key = `${svc?.namespace}/${svc?.name}`;
      byService.set(key, (byService.get(key) ?? 0) + b.share);
    }
    expect(byService.get('production/api-service')).toBeCloseTo(0.9);
    expect(byService.get('canary/api-canary')).toBeCloseTo(0.1);
    const canary = (gw.branches ?? []).find((b) => b.target?.name === 'api-canary')!;
    expect(canary.failure).toMatch(/^500 Internal Server Error/);
    expect(canary.note).toContain('RefNotPermitted');
    expect(r.summary).toMatch(/10% of matching requests fail with HTTP 500/);
    expect(gw.verifySteps?.map((s) => s.command)?.[0]).toMatch(
      /^egctl config envoy-proxy endpoint -n envoy-gateway-system envoy-production-external-gateway-/,
    );
    const f = findingOf(r, 'GATEWAY_REFERENCE_NOT_PERMITTED')!;
    expect(f.severity).toBe('error');
    expect(f.evidence).toContainEqual(
      expect.objectContaining({ kind: 'HTTPRoute', namespace: 'production', name: 'store-route' }),
    );
    // The trace follows the stable 90 % branch.
    expect(hopsOfKind(r, 'endpoint')[0]?.label).toMatch(/^production\/api-service-/);
  });

  it('serves / from the second rule without any reference problem', () => {
    const r = trace('gateway-canary', 1);
    expect(r.verdict).toBe('delivered');
    expect(codes(r.findings)).not.toContain('GATEWAY_REFERENCE_NOT_PERMITTED');
    expect(codes(r.findings)).not.toContain('GATEWAY_WEIGHTED_SPLIT');
    expect(hopsOfKind(r, 'endpoint')[0]?.label).toMatch(/^production\/web-/);
  });

  it('resolves both branches once the ReferenceGrant exists', () => {
    const r = trace('gateway-canary-fixed', 0);
    expect(r.verdict).toBe('delivered');
    expect(codes(r.findings)).toContain('GATEWAY_WEIGHTED_SPLIT');
    expect(codes(r.findings)).not.toContain('GATEWAY_REFERENCE_NOT_PERMITTED');
    expect(findingOf(r, 'GATEWAY_WEIGHTED_SPLIT')?.severity).toBe('info');
  });
});

describe('lint of the north-south stories', () => {
  it('raises no error once fixed', async () => {
    for (const slug of ['client-ip-kept-etp-local', 'metallb-l2-advertised', 'gateway-canary-fixed']) {
      expect(
        (await lint(slug)).findings.filter((f) => f.severity === 'error'),
        slug,
      ).toEqual([]);
    }
  });
});
