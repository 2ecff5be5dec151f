import { describe, expect, it } from 'vitest';
import type { TraceResult } from '../types';
import { traceRoute } from './trace-route';
import { buildModel, configMap, kubeProxy, raw, service, tcp, twoNodeCluster } from './testing/model';
import type { ModelSpec } from './testing/model';

const kinds = (r: TraceResult) => r.hops.map((h) => h.kind);
const codes = (r: TraceResult) => r.findings.map((f) => f.code);

const pool = raw('metallb.io/v1beta1', 'IPAddressPool', 'first-pool', 'metallb-system', {
  spec: { addresses: ['192.168.10.0/24'] },
});
const l2 = raw('metallb.io/v1beta1', 'L2Advertisement', 'example', 'metallb-system', {});

function lb(
  extra: Record<string, unknown> = {},
  objects = [pool, l2, kubeProxy('mode: iptables\n')],
): ModelSpec {
  const base = twoNodeCluster();
  return {
    ...base,
    services: [
      service('shop/web', [tcp(80, 8080, { nodePort: 30080 })], {
        type: 'LoadBalancer',
        clusterIPs: ['10.96.0.30'],
        loadBalancerIngress: [{ ip: '192.168.10.5' }],
        ...extra,
      }),
    ],
    objects: [...base.objects!.filter((o) => o.kind !== 'ConfigMap'), ...objects],
  };
}

describe('outside → LoadBalancer / NodePort', () => {
  it('MetalLB L2, externalTrafficPolicy Cluster: one node answers, SNAT to it, client IP lost', () => {
    const r = traceRoute(buildModel(lb()), { from: 'ip:198.51.100.7', to: 'http://192.168.10.5/' });
    expect(kinds(r).slice(0, 5)).toEqual(['client', 'load-balancer', 'node-port', 'service', 'snat']);
    expect(codes(r)).toEqual(
      expect.arrayContaining(['METALLB_L2_SINGLE_NODE', 'CLIENT_IP_LOST_ETP_CLUSTER']),
    );
    expect(r.hops.at(-1)?.facts?.['source address the backend sees']).toBe('10.0.0.11');
    expect(codes(r)).not.toContain('NODEPORT_EXPOSED');
  });

  it('externalTrafficPolicy Local keeps the client IP; a node without a local endpoint drops', () => {
    const kept = traceRoute(buildModel(lb({ externalTrafficPolicy: 'Local' })), {
      from: 'ip:198.51.100.7',
      to: 'http://192.168.10.5/',
    });
    expect(kinds(kept)).not.toContain('snat');
    expect(kept.hops.at(-1)?.facts?.['source address the backend sees']).toBe('198.51.100.7');
    const viaNode2 = traceRoute(
      buildModel(lb({ externalTrafficPolicy: 'Local', healthCheckNodePort: 32000 })),
      { from: 'ip:198.51.100.7', to: 'http://10.0.0.12:30080/' },
    );
    expect(viaNode2.verdict).toBe('dropped');
    expect(codes(viaNode2)).toEqual(
      expect.arrayContaining(['ETP_LOCAL_NO_LOCAL_ENDPOINT', 'NODEPORT_EXPOSED']),
    );
  });

  it('Cilium DSR keeps the client IP under Cluster', () => {
    const cilium = configMap('cilium-config', 'kube-system', {
      'kube-proxy-replacement': 'true',
      'bpf-lb-mode': 'dsr',
      'routing-mode': 'native',
    });
    const r = traceRoute(buildModel({ ...lb(), objects: [pool, l2, cilium] }), {
      from: 'ip:198.51.100.7',
      to: 'http://192.168.10.5/',
    });
    expect(r.hops.find((h) => h.kind === 'service')?.label).toContain('eBPF');
    expect(codes(r)).not.toContain('CLIENT_IP_LOST_ETP_CLUSTER');
    expect(r.hops.at(-1)?.facts?.['source address the backend sees']).toBe('198.51.100.7');
  });

  it('LB_PENDING with no MetalLB and no cloud provider', () => {
    const r = traceRoute(buildModel(lb({ loadBalancerIngress: [] }, [])), {
      from: 'ip:198.51.100.7',
      to: 'svc:shop/web',
      port: 80,
    });
    expect(codes(r)).toEqual(['NO_ROUTE']);
    const viaIp = traceRoute(
      buildModel(lb({ loadBalancerIngress: [], loadBalancerIP: '192.168.10.9' }, [])),
      { from: 'ip:198.51.100.7', to: 'ip:192.168.10.9', port: 80 },
    );
    expect(viaIp.verdict).toBe('dropped');
    expect(codes(viaIp)).toContain('LB_PENDING');
  });

  it('METALLB_NOT_ADVERTISED when no advertisement selects the pool', () => {
    const other = raw('metallb.io/v1beta1', 'L2Advertisement', 'other', 'metallb-system', {
      spec: { ipAddressPools: ['other-pool'] },
    });
    const r = traceRoute(buildModel(lb({}, [pool, other])), {
      from: 'ip:198.51.100.7',
      to: 'http://192.168.10.5/',
    });
    expect(kinds(r)).toEqual(['client', 'load-balancer']);
    expect(codes(r)).toEqual(['METALLB_NOT_ADVERTISED']);
  });

  it('IPVS_STRICT_ARP_REQUIRED with MetalLB L2 and strictARP off', () => {
    const r = traceRoute(
      buildModel(lb({}, [pool, l2, kubeProxy('mode: ipvs\nipvs:\n  strictARP: false\n')])),
      { from: 'ip:198.51.100.7', to: 'http://192.168.10.5/' },
    );
    expect(r.hops[1]?.findings).toContain('IPVS_STRICT_ARP_REQUIRED');
  });

  it('legacy MetalLB ConfigMap pools are advertised by their protocol', () => {
    const legacy = configMap('config', 'metallb-system', {
      config:
        'address-pools:\n- name: default\n  protocol: layer2\n  addresses:\n  - 192.168.10.1-192.168.10.250\n',
    });
    const r = traceRoute(buildModel(lb({}, [legacy])), {
      from: 'ip:198.51.100.7',
      to: 'http://192.168.10.5/',
    });
    expect(codes(r)).toContain('METALLB_L2_SINGLE_NODE');
  });
});
