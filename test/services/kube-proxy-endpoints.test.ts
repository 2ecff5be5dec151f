// Which endpoints kube-proxy programs on the client's node, and what the client sees
// when there are none.
// Sources: kubernetes/kubernetes pkg/proxy/topology.go (CategorizeEndpoints,
//   topologyModeFromHints, availableForTopology);
//   pkg/proxy/iptables/proxier.go and pkg/proxy/nftables/proxier.go (REJECT when the Service
//   has no endpoints at all, "drop" when internalTrafficPolicy Local has none on this node;
//   session affinity: "-m recent --rcheck --seconds N --reap", nftables affinity-* sets);
//   pkg/proxy/ipvs/proxier.go (persistent virtual server for ClientIP affinity);
//   https://kubernetes.io/docs/reference/networking/virtual-ips/#session-affinity (default 10800 s);
//   https://kubernetes.io/docs/concepts/services-networking/service-traffic-policy/;
//   https://kubernetes.io/docs/concepts/services-networking/topology-aware-routing/;
//   KEP-1669 https://github.com/kubernetes/enhancements/tree/master/keps/sig-network/1669-proxy-terminating-endpoints
//   (ProxyTerminatingEndpoints, GA in v1.28).

import { SEEN_SOURCE_FACT } from '../../lib/engine/trace/facts';
import { describe, expect, it } from 'vitest';
import { nftablesAffinitySet } from 'lib/engine/platform/proxy-names';
import { BASE, codes, hop, kinds, kubeProxyYaml, load, podYaml, trace } from './dump';

const client = podYaml('shop', 'web-7d9f8', 'worker-1', '10.244.1.5', { app: 'web' });
const apiPods = [
  podYaml('shop', 'api-0', 'worker-2', '10.244.2.10', { app: 'api' }, [
    { name: 'http', containerPort: 8080 },
  ]),
  podYaml('shop', 'api-1', 'worker-3', '10.244.3.10', { app: 'api' }, [
    { name: 'http', containerPort: 8080 },
  ]),
];
function apiService(extra = ''): string {
  return `---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  clusterIP: 10.96.12.40
  selector: {app: api}
  ports: [{name: http, port: 80, targetPort: http}]${extra}
`;
}
const q = { from: 'pod:shop/web-7d9f8', to: 'svc:shop/api', port: 80 } as const;

describe('sessionAffinity: ClientIP', () => {
  it('iptables: pinned by the recent match for the default 10800 s, branches say so', () => {
    const r = trace(
      load(BASE, kubeProxyYaml('iptables'), client, ...apiPods, apiService('\n  sessionAffinity: ClientIP')),
      q,
    );
    expect(codes(r)).toContain('SESSION_AFFINITY');
    const svc = hop(r, 'service')!;
    expect(svc.facts?.['sessionAffinity']).toBe('ClientIP, 10800 s');
    expect(svc.explain).toContain('--rcheck --seconds 10800 --reap');
    expect(svc.branches?.every((b) => b.note?.includes('one endpoint per client, pinned for 10800 s'))).toBe(
      true,
    );
    const f = r.findings.find((x) => x.code === 'SESSION_AFFINITY')!;
    expect(f.severity).toBe('info');
    expect(f.detail).toContain('10.244.1.5');
    expect(r.verdict).toBe('delivered');
  });

  it('IPVS: a persistent virtual server with the configured timeout; nftables: per-endpoint affinity sets', () => {
    const affinity =
      '\n  sessionAffinity: ClientIP\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 600}}';
    const ipvs = trace(load(BASE, kubeProxyYaml('ipvs'), client, ...apiPods, apiService(affinity)), q);
    expect(hop(ipvs, 'service')?.explain).toContain('ipvsadm -p 600');
    const nft = trace(load(BASE, kubeProxyYaml('nftables'), client, ...apiPods, apiService(affinity)), q);
    const set = nftablesAffinitySet(
      { namespace: 'shop', name: 'api', portName: 'http', protocol: 'TCP' },
      '10.244.2.10',
      8080,
    );
    expect(set).toMatch(/^affinity-[A-Z2-7]{8}-shop\/api\/tcp\/http__10\.244\.2\.10\/8080$/);
    expect(hop(nft, 'service')?.verifySteps?.map((s) => s.command)).toContain(
      `nft list set ip kube-proxy ${set}`,
    );
  });
});

describe('no usable endpoint: rejected vs dropped', () => {
  it('internalTrafficPolicy Local with no endpoint on the client node is dropped (timeout), not rejected', () => {
    const r = trace(
      load(
        BASE,
        kubeProxyYaml('iptables'),
        client,
        ...apiPods,
        apiService('\n  internalTrafficPolicy: Local'),
      ),
      q,
    );
    expect(r.verdict).toBe('dropped');
    const f = r.findings.find((x) => x.code === 'NO_READY_ENDPOINTS')!;
    expect(f.detail).toContain('are dropped and the client times out');
    expect(f.detail).toContain('endpoints run on worker-2 and worker-3');
    expect(f.detail).toContain('there is no reject');
    expect(f.detail).not.toContain('are rejected');
    expect(r.summary).toContain('dropped, the client times out');
    expect(f.evidence).toContainEqual(
      expect.objectContaining({ field: 'spec.internalTrafficPolicy', value: 'Local' }),
    );
    expect(hop(r, 'service')?.facts?.['no-endpoint verdict']).toBe(
      'DROP in the filter table ("shop/api:http has no local endpoints")',
    );
  });

  it('a Service with no endpoints at all is rejected: connection refused', () => {
    const r = trace(load(BASE, kubeProxyYaml('iptables'), client, apiService()), q);
    expect(r.verdict).toBe('dropped');
    const f = r.findings.find((x) => x.code === 'NO_READY_ENDPOINTS')!;
    expect(f.detail).toContain('rejected');
    expect(f.detail).toContain('connection refused');
    expect(hop(r, 'service')?.facts?.['no-endpoint verdict']).toBe(
      'REJECT in the filter table ("shop/api:http has no endpoints"): ICMP port unreachable',
    );
  });

  it('no ready endpoint but one serving and terminating: kube-proxy falls back to it (ProxyTerminatingEndpoints)', () => {
    const slice = `---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: api-x7k2p, namespace: shop, labels: {kubernetes.io/service-name: api}}
addressType: IPv4
ports: [{name: http, port: 8080, protocol: TCP}]
endpoints:
- addresses: [10.244.2.10]
  conditions: {ready: false, serving: true, terminating: true}
  nodeName: worker-2
  targetRef: {kind: Pod, name: api-0, namespace: shop}
- addresses: [10.244.3.10]
  conditions: {ready: false, serving: false, terminating: false}
  nodeName: worker-3
  targetRef: {kind: Pod, name: api-1, namespace: shop}
`;
    const r = trace(load(BASE, kubeProxyYaml('nftables'), client, ...apiPods, apiService(), slice), q);
    const svc = hop(r, 'service')!;
    expect(svc.branches?.map((b) => b.label)).toEqual(['shop/api-0']);
    expect(svc.branches?.[0]?.note).toContain('terminating, still serving');
    expect(svc.facts?.['terminating fallback']).toBe('1 serving, terminating endpoint');
    expect(svc.explain).toContain('falls back to the serving endpoints that are terminating');
    expect(r.hops.at(-1)?.label).toBe('shop/api-0:8080');
  });
});

describe('externalTrafficPolicy Local and terminating endpoints', () => {
  it("the receiving node's only local endpoint is terminating but serving: the Local chain uses it, not a remote ready one", () => {
    const svc = `---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  type: NodePort
  clusterIP: 10.96.12.40
  externalTrafficPolicy: Local
  selector: {app: api}
  ports: [{name: http, port: 80, targetPort: http, nodePort: 31080}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: api-t5m1q, namespace: shop, labels: {kubernetes.io/service-name: api}}
addressType: IPv4
ports: [{name: http, port: 8080, protocol: TCP}]
endpoints:
- addresses: [10.244.2.10]
  conditions: {ready: false, serving: true, terminating: true}
  nodeName: worker-2
  targetRef: {kind: Pod, name: api-0, namespace: shop}
- addresses: [10.244.3.10]
  conditions: {ready: true, serving: true, terminating: false}
  nodeName: worker-3
  targetRef: {kind: Pod, name: api-1, namespace: shop}
`;
    const r = trace(load(BASE, kubeProxyYaml('iptables'), ...apiPods, svc), {
      from: 'ip:203.0.113.9',
      to: 'node:worker-2',
      port: 31080,
    });
    expect(codes(r)).not.toContain('ETP_LOCAL_NO_LOCAL_ENDPOINT');
    const s = hop(r, 'service')!;
    expect(s.branches?.map((b) => b.label)).toEqual(['shop/api-0']);
    expect(s.facts?.['terminating fallback']).toBe('1 serving, terminating endpoint');
    expect(s.explain).toContain('No endpoint on worker-2 is ready');
    // Local policy: no SNAT, the endpoint sees the client.
    expect(r.hops.at(-1)?.facts?.[SEEN_SOURCE_FACT]).toBe('203.0.113.9');
  });
});

describe('topology-aware routing', () => {
  const hinted = (hints: [string, string][]) => `---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: api-h8s2d, namespace: shop, labels: {kubernetes.io/service-name: api}}
addressType: IPv4
ports: [{name: http, port: 8080, protocol: TCP}]
endpoints:
${hints
  .map(
    ([ip, zone], i) => `- addresses: [${ip}]
  conditions: {ready: true}
  nodeName: ${['worker-2', 'worker-3', 'worker-1'][i]}
  zone: ${['eu-west-1a', 'eu-west-1b', 'eu-west-1a'][i]}
  targetRef: {kind: Pod, name: ${['api-0', 'api-1', 'api-2'][i]}, namespace: shop}
${zone ? `  hints: {forZones: [{name: ${zone}}]}\n` : ''}`,
  )
  .join('')}`;
  const api2 = podYaml('shop', 'api-2', 'worker-1', '10.244.1.10', { app: 'api' }, [
    { name: 'http', containerPort: 8080 },
  ]);

  it('every endpoint hinted: the client node (zone eu-west-1a) uses only the endpoints hinted for its zone', () => {
    const r = trace(
      load(
        BASE,
        kubeProxyYaml('iptables'),
        client,
        ...apiPods,
        api2,
        apiService('\n  trafficDistribution: PreferClose'),
        hinted([
          ['10.244.2.10', 'eu-west-1a'],
          ['10.244.3.10', 'eu-west-1b'],
          ['10.244.1.10', 'eu-west-1a'],
        ]),
      ),
      q,
    );
    const svc = hop(r, 'service')!;
    expect(svc.branches?.map((b) => b.label)).toEqual(['shop/api-0', 'shop/api-2']);
    expect(svc.facts?.['topology']).toBe(
      'PreferSameZone, node zone eu-west-1a, trafficDistribution PreferClose',
    );
    expect(svc.facts?.['not used from this node']).toBe('shop/api-1 (eu-west-1b)');
  });

  it('one endpoint without a hint: hints are ignored and every ready endpoint is used', () => {
    const r = trace(
      load(
        BASE,
        kubeProxyYaml('iptables'),
        client,
        ...apiPods,
        api2,
        apiService(),
        hinted([
          ['10.244.2.10', 'eu-west-1a'],
          ['10.244.3.10', ''],
          ['10.244.1.10', 'eu-west-1a'],
        ]),
      ),
      q,
    );
    const svc = hop(r, 'service')!;
    expect(svc.branches).toHaveLength(3);
    expect(svc.explain).toContain(
      'Topology hints are ignored (one or more ready endpoints carry no zone hint)',
    );
  });

  it('hints only for other zones: kube-proxy ignores them (no endpoint for this zone)', () => {
    const r = trace(
      load(
        BASE,
        kubeProxyYaml('iptables'),
        client,
        ...apiPods,
        api2,
        apiService(),
        hinted([
          ['10.244.2.10', 'eu-west-1b'],
          ['10.244.3.10', 'eu-west-1b'],
          ['10.244.1.10', 'eu-west-1b'],
        ]),
      ),
      q,
    );
    expect(hop(r, 'service')?.branches).toHaveLength(3);
    expect(hop(r, 'service')?.explain).toContain('no endpoint is hinted for zone eu-west-1a');
  });

  it('PreferSameNode: node hints on every endpoint and one for the client node: only that endpoint', () => {
    const slice = `---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: api-n4c8w, namespace: shop, labels: {kubernetes.io/service-name: api}}
addressType: IPv4
ports: [{name: http, port: 8080, protocol: TCP}]
endpoints:
- {addresses: [10.244.1.10], conditions: {ready: true}, nodeName: worker-1, zone: eu-west-1a, targetRef: {kind: Pod, name: api-2, namespace: shop}, hints: {forZones: [{name: eu-west-1a}], forNodes: [{name: worker-1}]}}
- {addresses: [10.244.2.10], conditions: {ready: true}, nodeName: worker-2, zone: eu-west-1a, targetRef: {kind: Pod, name: api-0, namespace: shop}, hints: {forZones: [{name: eu-west-1a}], forNodes: [{name: worker-2}]}}
`;
    const r = trace(
      load(
        BASE,
        kubeProxyYaml('nftables'),
        client,
        ...apiPods,
        api2,
        apiService('\n  trafficDistribution: PreferSameNode'),
        slice,
      ),
      q,
    );
    const svc = hop(r, 'service')!;
    expect(svc.branches?.map((b) => b.label)).toEqual(['shop/api-2']);
    expect(svc.facts?.['topology']).toContain('PreferSameNode');
    // Same node: the packet never crosses the overlay.
    expect(kinds(r)).not.toContain('encap');
  });

  it("PreferClose on selector-derived slices: the controller's same-zone hints are assumed and said", () => {
    const r = trace(
      load(
        BASE,
        kubeProxyYaml('iptables'),
        client,
        ...apiPods,
        api2,
        apiService('\n  trafficDistribution: PreferClose'),
      ),
      q,
    );
    const svc = hop(r, 'service')!;
    expect(svc.branches?.map((b) => b.label)).toEqual(['shop/api-0', 'shop/api-2']);
    expect(svc.facts?.['topology']).toContain('hints assumed from trafficDistribution');
  });
});

describe('targetPort', () => {
  it('a numeric targetPort no container declares is delivered (warning), not dropped', () => {
    const r = trace(
      load(
        BASE,
        kubeProxyYaml('iptables'),
        client,
        ...apiPods,
        `---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec: {clusterIP: 10.96.12.40, selector: {app: api}, ports: [{port: 80, targetPort: 9090}]}
`,
      ),
      q,
    );
    expect(codes(r)).toContain('TARGET_PORT_UNDECLARED');
    expect(codes(r)).not.toContain('TARGET_PORT_MISMATCH');
    expect(r.findings.find((f) => f.code === 'TARGET_PORT_UNDECLARED')?.severity).toBe('warning');
    expect(r.verdict).toBe('degraded');
    // DNAT to the port as written, on the endpoint the trace follows.
    expect(r.hops.at(-1)?.dst).toBe('10.244.2.10:9090');
  });

  it('a named targetPort that resolves to nothing stays TARGET_PORT_MISMATCH (dropped)', () => {
    const r = trace(
      load(
        BASE,
        kubeProxyYaml('iptables'),
        client,
        ...apiPods,
        `---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec: {clusterIP: 10.96.12.40, selector: {app: api}, ports: [{port: 80, targetPort: web}]}
`,
      ),
      q,
    );
    expect(codes(r)).toEqual(expect.arrayContaining(['NAMED_PORT_UNRESOLVED', 'TARGET_PORT_MISMATCH']));
    expect(r.verdict).toBe('dropped');
  });
});
