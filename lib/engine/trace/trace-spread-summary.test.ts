import { describe, expect, it } from 'vitest';
import type { TraceResult } from '../types';
import { traceRoute } from './trace-route';
import { buildModel, kubeProxy, pod, raw, service, tcp, twoNodeCluster } from './testing/model';
import { iptablesChains } from '../platform/proxy-names';

const codes = (r: TraceResult) => r.findings.map((f) => f.code);
const bgpPool = raw('metallb.io/v1beta1', 'IPAddressPool', 'first-pool', 'metallb-system', {
  spec: { addresses: ['192.168.10.0/24'] },
});
const bgpAdv = raw('metallb.io/v1beta1', 'BGPAdvertisement', 'bgp', 'metallb-system', {});
const l2Adv = raw('metallb.io/v1beta1', 'L2Advertisement', 'l2', 'metallb-system', {});

/** shop/web on worker-1 once and on worker-2 `onNode2` times, behind a LoadBalancer. */
function webModel(etp: 'Local' | 'Cluster', onNode2: number, adv = bgpAdv) {
  const base = twoNodeCluster();
  const web = (name: string, node: string, ip: string) =>
    pod(`shop/${name}`, node, ip, { app: 'web' }, [{ containerPort: 8080, protocol: 'TCP', name: 'http' }]);
  return buildModel({
    ...base,
    pods: [
      ...base.pods!.filter((p) => p.name !== 'web'),
      web('web-a', 'worker-1', '10.244.1.20'),
      ...Array.from({ length: onNode2 }, (_, i) => web(`web-b${i}`, 'worker-2', `10.244.2.${20 + i}`)),
    ],
    services: [
      service('shop/web', [tcp(80, 8080, { name: 'http', nodePort: 30080 })], {
        type: 'LoadBalancer',
        clusterIPs: ['10.96.0.30'],
        loadBalancerIngress: [{ ip: '192.168.10.5' }],
        externalTrafficPolicy: etp,
      }),
    ],
    objects: [
      ...base.objects!.filter((o) => o.kind !== 'ConfigMap'),
      bgpPool,
      adv,
      kubeProxy('mode: iptables\n'),
    ],
  });
}

describe('externalTrafficPolicy: Local spread', () => {
  it('warns ETP_LOCAL_UNEVEN_SPREAD with per-pod shares when receiving nodes hold different endpoint counts', () => {
    const r = traceRoute(webModel('Local', 3), { from: 'ip:198.51.100.7', to: 'http://192.168.10.5/' });
    const f = r.findings.find((x) => x.code === 'ETP_LOCAL_UNEVEN_SPREAD')!;
    expect(f.severity).toBe('warning');
    expect(f.detail).toContain(
      'worker-1 holds 1 (50% of the traffic per pod) and worker-2 holds 3 (16.7% of the traffic per pod)',
    );
    expect(f.evidence.map((e) => e.value)).toContain('worker-1×1,worker-2×3');
    expect(r.hops.find((h) => h.kind === 'node-port')?.facts?.['local endpoints']).toBe(
      'worker-1 1, worker-2 3',
    );
    expect(r.verdict).toBe('degraded');
  });

  it('stays quiet when every node holds as many endpoints, with ETP Cluster, and with MetalLB L2 (one receiving node)', () => {
    expect(
      codes(traceRoute(webModel('Local', 1), { from: 'ip:198.51.100.7', to: 'http://192.168.10.5/' })),
    ).not.toContain('ETP_LOCAL_UNEVEN_SPREAD');
    expect(
      codes(traceRoute(webModel('Cluster', 3), { from: 'ip:198.51.100.7', to: 'http://192.168.10.5/' })),
    ).not.toContain('ETP_LOCAL_UNEVEN_SPREAD');
    expect(
      codes(traceRoute(webModel('Local', 3, l2Adv), { from: 'ip:198.51.100.7', to: 'http://192.168.10.5/' })),
    ).not.toContain('ETP_LOCAL_UNEVEN_SPREAD');
  });

  it('external traffic enters through KUBE-EXT, then KUBE-SVL under Local or KUBE-SVC under Cluster', () => {
    const id = { namespace: 'shop', name: 'web', portName: 'http', protocol: 'TCP' };
    const c = iptablesChains(id);
    const local = traceRoute(webModel('Local', 1), {
      from: 'ip:198.51.100.7',
      to: 'http://192.168.10.5/',
    }).hops.find((h) => h.kind === 'service')!;
    expect(local.facts?.['chain']).toMatch(new RegExp(`^KUBE-SERVICES → ${c.ext} → ${c.svl} → KUBE-SEP-`));
    expect(local.verifySteps?.[0]?.command).toBe(`iptables -t nat -L ${c.ext} -n -v`);
    const cluster = traceRoute(webModel('Cluster', 1), {
      from: 'ip:198.51.100.7',
      to: 'http://192.168.10.5/',
    }).hops.find((h) => h.kind === 'service')!;
    expect(cluster.facts?.['service chain']).toBe(c.svc);
  });
});

describe('summary sentence', () => {
  it('a degraded trace names the hop and the numbers, not only the finding title', () => {
    const r = traceRoute(webModel('Cluster', 1, l2Adv), {
      from: 'ip:203.0.113.7',
      to: 'http://192.168.10.5/',
    });
    expect(r.verdict).toBe('degraded');
    expect(r.summary).toMatch(
      /^delivered to .* but degraded at the source NAT on worker-\d: client 203\.0\.113\.7 is SNATed to 10\.0\.0\.1\d \(externalTrafficPolicy Cluster\), the backend sees the node$/,
    );
  });

  it('a dropped trace names the numbers of the finding when the drop has no cause of its own', () => {
    const r = traceRoute(
      buildModel(
        twoNodeCluster({
          services: [
            service('shop/db', [tcp(5432, 'postgres')], {
              clusterIPs: ['10.96.0.20'],
              selector: { app: 'nothing' },
            }),
          ],
        }),
      ),
      { from: 'pod:shop/web', to: 'svc:shop/db' },
    );
    expect(r.summary).toBe(
      'dropped at the Service translation on worker-1: shop/db has no ready endpoint (selector app=nothing matches no pod)',
    );
    // The verify commands include kube-proxy's own reject rule for the port.
    expect(
      r.findings.find((f) => f.code === 'NO_READY_ENDPOINTS')?.verifySteps?.map((s) => s.command),
    ).toContain(`iptables -t filter -S | grep -F '"shop/db has no endpoints"'`);
  });
});

describe('hops after a drop', () => {
  it('are marked reached: false and keep their verdicts; the trace verdict stays dropped', () => {
    const r = traceRoute(buildModel(twoNodeCluster({}, 1500)), {
      from: 'pod:shop/web',
      to: 'pod:shop/db',
      port: 5432,
      size: 1500,
    });
    expect(r.verdict).toBe('dropped');
    const drop = r.hops.findIndex((h) => h.verdict === 'drop');
    expect(drop).toBeGreaterThan(0);
    expect(r.hops.length).toBeGreaterThan(drop + 1);
    r.hops.forEach((h, i) => expect(h.reached, h.id).toBe(i > drop ? false : undefined));
    expect(r.hops.slice(drop + 1).every((h) => h.verdict !== 'drop')).toBe(true);
  });

  it('a delivered trace marks no hop as unreached', () => {
    const r = traceRoute(buildModel(twoNodeCluster()), {
      from: 'pod:shop/web',
      to: 'pod:shop/db',
      port: 5432,
    });
    expect(r.hops.some((h) => 'reached' in h)).toBe(false);
  });
});
