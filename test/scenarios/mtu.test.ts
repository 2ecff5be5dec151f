// MTU stories: Calico VXLAN with pod MTU 1500 on a 1500 underlay, Calico IP-in-IP
// CrossSubnet, and Flannel with an unstated underlay.

import { describe, expect, it } from 'vitest';
import { codes, findingOf, hopOf, hopsOfKind, kinds, lint, modelOf, trace } from './helpers';

const CROSS_NODE_VIA_SERVICE = [
  'pod-eth0',
  'veth',
  'service',
  'policy-egress',
  'node',
  'encap',
  'underlay',
  'decap',
  'policy-ingress',
  'veth',
  'endpoint',
];

describe('vxlan-mtu-blackhole', () => {
  it('drops a full-size packet between nodes at VXLAN encapsulation', () => {
    const r = trace('vxlan-mtu-blackhole', 0);
    expect(r.verdict).toBe('dropped');
    expect(kinds(r)).toEqual(CROSS_NODE_VIA_SERVICE);
    const f = findingOf(r, 'MTU_BLACKHOLE');
    expect(f?.severity).toBe('error');
    const encap = hopOf(r, f?.hop);
    expect(encap?.kind).toBe('encap');
    expect(encap?.verdict).toBe('drop');
    expect(encap?.node).toBe('worker-1');
    expect(encap?.mtu).toBe(1450);
    // Evidence names the object and field that set the pod MTU.
    expect(f?.evidence).toContainEqual(
      expect.objectContaining({
        kind: 'Installation',
        name: 'default',
        field: 'spec.calicoNetwork.mtu',
        value: '1500',
      }),
    );
    expect(f?.verify.join('\n')).toMatch(/tracepath|ping -M do/);
    expect(codes(r.findings)).not.toContain('MTU_ASSUMED');
    expect(hopsOfKind(r, 'pod-eth0')[0]?.mtu).toBe(1500);
    expect(hopsOfKind(r, 'endpoint')[0]?.label).toMatch(/^shop\/db-0/);
  });

  it('delivers the same size between pods on one node: no overlay, no black hole', () => {
    const r = trace('vxlan-mtu-blackhole', 1);
    expect(kinds(r)).toEqual([
      'pod-eth0',
      'veth',
      'policy-egress',
      'node',
      'policy-ingress',
      'veth',
      'endpoint',
    ]);
    expect(r.verdict).toBe('delivered');
    expect(codes(r.findings)).not.toContain('MTU_BLACKHOLE');
    expect(r.hops.every((h) => h.node === 'worker-1')).toBe(true);
  });

  it('lets a small health check through, while the misconfiguration still stands', () => {
    const r = trace('vxlan-mtu-blackhole', 2);
    expect(r.hops.some((h) => h.verdict === 'drop')).toBe(false);
    expect(r.verdict).toBe('degraded');
    expect(codes(r.findings)).toContain('MTU_BLACKHOLE');
  });

  it('is fixed by pod MTU 1450', () => {
    for (const i of [0, 1, 2]) {
      const r = trace('vxlan-mtu-fixed', i);
      expect(r.verdict, `query ${i}`).toBe('delivered');
      expect(codes(r.findings)).not.toContain('MTU_BLACKHOLE');
    }
    const r = trace('vxlan-mtu-fixed', 0);
    expect(kinds(r)).toEqual(CROSS_NODE_VIA_SERVICE);
    expect(hopsOfKind(r, 'pod-eth0')[0]?.mtu).toBe(1450);
    expect(hopsOfKind(r, 'encap')[0]?.verdict).toBe('pass');
  });
});

describe('calico-ipip-crosssubnet', () => {
  it('encapsulates across racks only, and the 1500-byte pod MTU dies there', () => {
    const r = trace('calico-ipip-crosssubnet', 0);
    expect(r.verdict).toBe('dropped');
    expect(kinds(r)).toEqual(CROSS_NODE_VIA_SERVICE);
    const encap = hopsOfKind(r, 'encap')[0]!;
    expect(encap.label).toMatch(/IP-in-IP|IPIP/i);
    expect(encap.findings).toEqual(expect.arrayContaining(['OVERLAY_CROSS_SUBNET', 'MTU_BLACKHOLE']));
    expect(encap.mtu).toBe(1480);
    expect(findingOf(r, 'OVERLAY_CROSS_SUBNET')?.severity).toBe('info');
  });

  it('routes natively inside a rack, where 1500 bytes fit', () => {
    const r = trace('calico-ipip-crosssubnet', 1);
    expect(r.verdict).toBe('delivered');
    expect(kinds(r)).toEqual([
      'pod-eth0',
      'veth',
      'service',
      'policy-egress',
      'node',
      'routed',
      'underlay',
      'policy-ingress',
      'veth',
      'endpoint',
    ]);
    expect(hopsOfKind(r, 'routed')[0]?.findings).toContain('OVERLAY_CROSS_SUBNET');
    expect(codes(r.findings)).not.toContain('MTU_BLACKHOLE');
    // IPVS is the service mechanism here.
    expect(hopsOfKind(r, 'service')[0]?.label).toMatch(/IPVS/);
  });

  it('is fixed by pod MTU 1480', () => {
    const r = trace('calico-ipip-crosssubnet-fixed', 0);
    expect(r.verdict).toBe('delivered');
    expect(codes(r.findings)).toContain('OVERLAY_CROSS_SUBNET');
    expect(codes(r.findings)).not.toContain('MTU_BLACKHOLE');
  });
});

describe('flannel-ip-masq-egress', () => {
  it('masquerades pod traffic to the partner API to the node address', () => {
    const r = trace('flannel-ip-masq-egress', 0);
    expect(r.verdict).toBe('delivered');
    expect(kinds(r)[0]).toBe('pod-eth0');
    expect(kinds(r)).toContain('snat');
    expect(kinds(r).at(-1)).toBe('external');
    const snat = hopsOfKind(r, 'snat')[0]!;
    expect(snat.findings).toContain('SNAT_EGRESS_MASQUERADE');
    expect(snat.src).toBe('10.0.0.11');
    expect(snat.node).toBe('worker-1');
    const f = findingOf(r, 'SNAT_EGRESS_MASQUERADE')!;
    expect(f.severity).toBe('info');
    expect(f.evidence).toContainEqual(
      expect.objectContaining({ kind: 'DaemonSet', name: 'kube-flannel-ds' }),
    );
  });

  it('carries pod traffic across nodes in VXLAN with a 1450 pod MTU, and says the underlay MTU was assumed', () => {
    const r = trace('flannel-ip-masq-egress', 1);
    expect(r.verdict).toBe('delivered');
    expect(kinds(r)).toEqual(CROSS_NODE_VIA_SERVICE);
    expect(hopsOfKind(r, 'pod-eth0')[0]?.mtu).toBe(1450);
    expect(hopsOfKind(r, 'encap')[0]?.label).toMatch(/VXLAN/);
    expect(codes(r.findings)).toContain('MTU_ASSUMED');
    expect(codes(r.findings)).not.toContain('MTU_BLACKHOLE');
    expect(codes(r.findings)).not.toContain('SNAT_EGRESS_MASQUERADE');
  });

  it('assumes nothing once the underlay MTU is stated', () => {
    expect(codes(trace('flannel-egress-mtu-stated', 1).findings)).not.toContain('MTU_ASSUMED');
    expect(codes(trace('flannel-egress-mtu-stated', 0).findings)).toContain('SNAT_EGRESS_MASQUERADE');
  });
});

describe('lint of the MTU stories', () => {
  it('raises no error once fixed', async () => {
    for (const slug of ['vxlan-mtu-fixed', 'calico-ipip-crosssubnet-fixed', 'flannel-egress-mtu-stated']) {
      expect(
        (await lint(slug)).findings.filter((f) => f.severity === 'error'),
        slug,
      ).toEqual([]);
    }
  });
});

describe('lint of the VXLAN black hole: commands that run as written', () => {
  // The pod MTU of a Calico Installation is cluster-wide and reaches only pods created after
  // the change ("Changes to the MTU ... take effect for new pods", Calico docs,
  // docs.tigera.io/calico/latest/networking/configuring/mtu): every node's workloads need
  // recreating, and the probe must cross the overlay to a pod on another node.
  it('names a node that runs pod-network pods, a real pod address elsewhere, and every workload to restart', async () => {
    const model = modelOf('vxlan-mtu-blackhole');
    const f = (await lint('vxlan-mtu-blackhole')).findings.find((x) => x.code === 'MTU_BLACKHOLE')!;
    expect(f).toBeDefined();
    const node = /Pods on (\S+) use/.exec(f.detail)?.[1];
    const podsThere = [...model.pods.values()].filter((p) => p.nodeName === node && !p.hostNetwork);
    expect(podsThere.length).toBeGreaterThan(0);
    const verify = f.verify.join('\n');
    expect(verify).not.toContain('POD_IP_ON_ANOTHER_NODE');
    const target = /ping -M do -s \d+ -c 3 (\S+)/.exec(verify)?.[1];
    const probed = [...model.pods.values()].find((p) => p.ips.includes(target!));
    expect(probed?.nodeName).toBeDefined();
    expect(probed?.nodeName).not.toBe(node);
    for (const w of ['deploy/web -n shop', 'sts/db -n shop'])
      expect(f.fix).toContain(`kubectl rollout restart ${w}`);
  });
});
