import { describe, expect, it } from 'vitest';
import type { TraceResult } from '../types';
import { traceRoute } from './trace-route';
import { buildModel, configMap, kubeProxy, node, pod, service, tcp, twoNodeCluster } from './testing/model';
import type { ModelSpec } from './testing/model';
import {
  iptablesChains,
  iptablesEndpointChain,
  nftablesChains,
  nftablesEndpointChain,
} from '../platform/proxy-names';

const kinds = (r: TraceResult) => r.hops.map((h) => h.kind);
const codes = (r: TraceResult) => r.findings.map((f) => f.code);

function threeDb(extra: Partial<ModelSpec> = {}): ModelSpec {
  const base = twoNodeCluster();
  return {
    ...base,
    pods: [
      ...base.pods!.filter((p) => p.name !== 'db'),
      pod('shop/db-0', 'worker-1', '10.244.1.7', { app: 'db' }, [
        { containerPort: 5432, protocol: 'TCP', name: 'postgres' },
      ]),
      pod('shop/db-1', 'worker-2', '10.244.2.8', { app: 'db' }, [
        { containerPort: 5432, protocol: 'TCP', name: 'postgres' },
      ]),
      pod('shop/db-2', 'worker-2', '10.244.2.9', { app: 'db' }, [
        { containerPort: 5432, protocol: 'TCP', name: 'postgres' },
      ]),
    ],
    ...extra,
  };
}

describe('pod → Service', () => {
  it('iptables: DNAT on the host after the veth, one branch per endpoint with the probability chain', () => {
    const r = traceRoute(buildModel(threeDb()), { from: 'pod:shop/web', to: 'svc:shop/db', port: 5432 });
    expect(kinds(r).slice(0, 4)).toEqual(['pod-eth0', 'veth', 'service', 'policy-egress']);
    const svc = r.hops.find((h) => h.kind === 'service')!;
    expect(svc.branches?.map((b) => b.share)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    // The real chain names kube-proxy computes (sha256 + base32 of "shop/db" + "tcp" [+ "ip:port"]).
    const sep = (ip: string) =>
      iptablesEndpointChain({ namespace: 'shop', name: 'db', protocol: 'TCP' }, ip, 5432);
    expect(svc.branches?.[0]?.note).toBe(`${sep('10.244.1.7')}, --probability 0.3333333333`);
    expect(svc.branches?.[1]?.note).toBe(`${sep('10.244.2.8')}, --probability 0.5000000000`);
    expect(svc.branches?.[2]?.note).toBe(`${sep('10.244.2.9')} (last rule, takes the rest)`);
    const chain = iptablesChains({ namespace: 'shop', name: 'db', protocol: 'TCP' }).svc;
    expect(chain).toMatch(/^KUBE-SVC-[A-Z2-7]{16}$/);
    expect(svc.facts?.['chain']).toBe(`KUBE-SERVICES → ${chain} → ${sep('10.244.2.8')}`);
    expect(svc.verifySteps?.map((s) => s.command)).toEqual([
      `iptables -t nat -L ${chain} -n -v`,
      `iptables -t nat -L ${sep('10.244.2.8')} -n -v`,
    ]);
    expect(svc.facts?.['dst before']).toBe('10.96.0.20:5432');
    // Follows an endpoint on another node: the case that crosses the overlay.
    expect(svc.branches?.find((b) => b.chosen)?.node).toBe('worker-2');
    expect(svc.dst).toBe('10.244.2.8:5432');
  });

  it('IPVS shows the virtual server and scheduler; nftables the verdict map', () => {
    const ipvs = traceRoute(
      buildModel(
        threeDb({ objects: [kubeProxy('mode: ipvs\nipvs:\n  scheduler: lc\n  strictARP: true\n')] }),
      ),
      { from: 'pod:shop/web', to: 'svc:shop/db', port: 5432 },
    );
    expect(ipvs.hops.find((h) => h.kind === 'service')?.label).toContain('IPVS virtual server (lc)');
    expect(ipvs.hops.find((h) => h.kind === 'service')?.verifySteps?.[0]?.command).toBe(
      'ipvsadm -Ln -t 10.96.0.20:5432',
    );
    expect(ipvs.hops.find((h) => h.kind === 'service')?.facts?.['virtual server']).toBe(
      'TCP 10.96.0.20:5432 (lc)',
    );
    const nft = traceRoute(buildModel(threeDb({ objects: [kubeProxy('mode: nftables\n')] })), {
      from: 'pod:shop/web',
      to: 'svc:shop/db',
      port: 5432,
    });
    expect(nft.hops.find((h) => h.kind === 'service')?.label).toContain('nftables verdict map');
    const nftHop = nft.hops.find((h) => h.kind === 'service')!;
    const nftChain = nftablesChains({ namespace: 'shop', name: 'db', protocol: 'TCP' }).service;
    expect(nftChain).toMatch(/^service-[A-Z2-7]{8}-shop\/db\/tcp\/$/);
    expect(nftHop.verifySteps?.map((s) => s.command)).toEqual([
      'nft list map ip kube-proxy service-ips',
      `nft list chain ip kube-proxy ${nftChain}`,
      `nft list chain ip kube-proxy ${nftablesEndpointChain({ namespace: 'shop', name: 'db', protocol: 'TCP' }, '10.244.2.8', 5432)}`,
    ]);
  });

  it('eBPF: translation happens at connect(), before the packet leaves the pod; warns on old kernels', () => {
    const objects = [
      configMap('cilium-config', 'kube-system', {
        'kube-proxy-replacement': 'true',
        'routing-mode': 'native',
      }),
    ];
    const nodes = [
      node('worker-1', '10.0.0.11', { kernelVersion: '4.19.0-26-amd64' }),
      node('worker-2', '10.0.0.12', { kernelVersion: '6.1.0' }),
    ];
    const r = traceRoute(buildModel(threeDb({ objects, nodes })), {
      from: 'pod:shop/web',
      to: 'svc:shop/db',
      port: 5432,
    });
    expect(kinds(r)[0]).toBe('service');
    expect(codes(r)).toContain('EBPF_KERNEL_TOO_OLD');
  });

  it('assumes iptables when kube-proxy config is absent, and warns at scale', () => {
    const many = Array.from({ length: 1000 }, (_, i) =>
      service(`bulk/s${i}`, [tcp(80)], { clusterIPs: [`10.97.${Math.floor(i / 250)}.${i % 250}`] }),
    );
    const r = traceRoute(buildModel(threeDb({ objects: [], services: [...threeDb().services!, ...many] })), {
      from: 'pod:shop/web',
      to: 'svc:shop/db',
      port: 5432,
    });
    expect(codes(r)).toEqual(
      expect.arrayContaining(['KUBE_PROXY_MODE_ASSUMED', 'KUBE_PROXY_IPTABLES_SCALE']),
    );
    expect(r.findings.find((f) => f.code === 'KUBE_PROXY_IPTABLES_SCALE')?.detail).toContain('1001 Services');
  });

  it('NO_READY_ENDPOINTS says whether the selector matches nothing or pods are not ready', () => {
    const none = traceRoute(
      buildModel(
        threeDb({ services: [service('shop/db', [tcp(5432, 'postgres')], { selector: { app: 'dbx' } })] }),
      ),
      { from: 'pod:shop/web', to: 'svc:shop/db', port: 5432 },
    );
    expect(none.verdict).toBe('dropped');
    expect(none.findings.find((f) => f.code === 'NO_READY_ENDPOINTS')?.detail).toContain('matches no pod');
    const spec = threeDb();
    const notReady = traceRoute(
      buildModel({
        ...spec,
        pods: spec.pods!.map((p) => (p.labels['app'] === 'db' ? { ...p, ready: false } : p)),
      }),
      { from: 'pod:shop/web', to: 'svc:shop/db', port: 5432 },
    );
    expect(notReady.findings.find((f) => f.code === 'NO_READY_ENDPOINTS')?.detail).toContain('not ready');
  });

  it('internalTrafficPolicy Local uses only endpoints on the source node', () => {
    const spec = threeDb({
      services: [service('shop/db', [tcp(5432, 'postgres')], { internalTrafficPolicy: 'Local' })],
    });
    const r = traceRoute(buildModel(spec), { from: 'pod:shop/web', to: 'svc:shop/db', port: 5432 });
    expect(r.hops.find((h) => h.kind === 'service')?.branches?.map((b) => b.node)).toEqual(['worker-1']);
    expect(kinds(r)).not.toContain('encap');
  });

  it('TARGET_PORT_UNDECLARED for a numeric port, TARGET_PORT_MISMATCH and NAMED_PORT_UNRESOLVED for a name', () => {
    // Container ports are informational (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports):
    // a numeric targetPort is DNATed to as written, so it is delivered if the process listens.
    const num = traceRoute(buildModel(threeDb({ services: [service('shop/db', [tcp(5432, 5433)])] })), {
      from: 'pod:shop/web',
      to: 'svc:shop/db',
      port: 5432,
    });
    expect(codes(num)).toContain('TARGET_PORT_UNDECLARED');
    expect(codes(num)).not.toContain('TARGET_PORT_MISMATCH');
    expect(num.verdict).toBe('degraded');
    expect(num.hops.at(-1)?.kind).toBe('endpoint');
    expect(num.hops.at(-1)?.dst).toMatch(/:5433$/);
    const named = traceRoute(buildModel(threeDb({ services: [service('shop/db', [tcp(5432, 'pg')])] })), {
      from: 'pod:shop/web',
      to: 'svc:shop/db',
      port: 5432,
    });
    expect(codes(named)).toEqual(expect.arrayContaining(['NAMED_PORT_UNRESOLVED', 'TARGET_PORT_MISMATCH']));
  });
});
