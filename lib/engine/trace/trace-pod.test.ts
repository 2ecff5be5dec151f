import { parse } from 'yaml';
import type { KubeObject } from '../../model/types';
import { describe, expect, it } from 'vitest';
import type { TraceResult } from '../types';
import { traceRoute } from './trace-route';
import {
  buildModel,
  calicoInstallation,
  calicoPool,
  configMap,
  kubeProxy,
  node,
  raw,
  twoNodeCluster,
} from './testing/model';

const kinds = (r: TraceResult) => r.hops.map((h) => h.kind);
const codes = (r: TraceResult) => r.findings.map((f) => f.code);

describe('pod → pod', () => {
  it('stays on the node for same-node pods: veth and host routing, never encapsulation', () => {
    const r = traceRoute(buildModel(twoNodeCluster()), {
      from: 'pod:shop/web',
      to: 'pod:shop/api',
      port: 8080,
    });
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
  });

  it('encapsulates across nodes and drops a full-size packet when pod MTU + VXLAN exceeds the underlay', () => {
    const r = traceRoute(buildModel(twoNodeCluster({}, 1500)), {
      from: 'pod:shop/web',
      to: 'pod:shop/db',
      port: 5432,
    });
    expect(kinds(r)).toEqual([
      'pod-eth0',
      'veth',
      'policy-egress',
      'node',
      'encap',
      'underlay',
      'decap',
      'policy-ingress',
      'veth',
      'endpoint',
    ]);
    expect(r.verdict).toBe('dropped');
    expect(r.summary).toBe(
      'dropped at the VXLAN encapsulation on worker-1: 1500-byte packet + 50 B VXLAN > 1500 underlay MTU',
    );
    const f = r.findings.find((x) => x.code === 'MTU_BLACKHOLE')!;
    expect(f.evidence).toContainEqual(
      expect.objectContaining({ kind: 'Installation', field: 'spec.calicoNetwork.mtu', value: '1500' }),
    );
    expect(f.fix).toContain('"mtu":1450');
    expect(f.verifySteps?.map((s) => s.command)).toContain('tracepath -n 10.244.2.7');
  });

  it('degrades (not drops) a small packet while the black hole stands', () => {
    const r = traceRoute(buildModel(twoNodeCluster({}, 1500)), {
      from: 'pod:shop/web',
      to: 'pod:shop/db',
      port: 5432,
      size: 200,
    });
    expect(r.verdict).toBe('degraded');
    expect(r.hops.find((h) => h.kind === 'encap')?.verdict).toBe('warn');
  });

  it('delivers with a correct MTU and flags a larger --size as fragmentation risk at the pod', () => {
    const ok = traceRoute(buildModel(twoNodeCluster()), {
      from: 'pod:shop/web',
      to: 'pod:shop/db',
      port: 5432,
    });
    expect(ok.verdict).toBe('delivered');
    const big = traceRoute(buildModel(twoNodeCluster()), {
      from: 'pod:shop/web',
      to: 'pod:shop/db',
      port: 5432,
      size: 1500,
    });
    expect(codes(big)).toContain('MTU_FRAGMENTATION_RISK');
    expect(big.hops[0]!.findings).toContain('MTU_FRAGMENTATION_RISK');
  });

  it('raises MTU_ASSUMED when the underlay MTU is not stated, and MTU_UNDERUSED on jumbo frames', () => {
    const assumed = traceRoute(buildModel({ ...twoNodeCluster(), settings: {} }), {
      from: 'pod:shop/web',
      to: 'pod:shop/db',
      port: 5432,
    });
    expect(assumed.hops.find((h) => h.kind === 'underlay')?.findings).toContain('MTU_ASSUMED');
    const jumbo = traceRoute(buildModel({ ...twoNodeCluster(), settings: { underlayMTU: 9000 } }), {
      from: 'pod:shop/web',
      to: 'pod:shop/db',
      port: 5432,
    });
    expect(codes(jumbo)).toContain('MTU_UNDERUSED');
  });

  it('warns about different node MTUs on the path', () => {
    const r = traceRoute(
      buildModel({
        ...twoNodeCluster(),
        settings: { underlayMTU: 1500, nodeUnderlayMTU: { 'worker-2': 1400 } },
      }),
      { from: 'pod:shop/web', to: 'pod:shop/db', port: 5432 },
    );
    expect(r.hops.find((h) => h.kind === 'node')?.findings).toContain('MTU_MISMATCH_NODES');
    expect(codes(r)).toContain('MTU_BLACKHOLE');
  });

  it('CrossSubnet: routes within a subnet, encapsulates across subnets', () => {
    const objects = [
      calicoPool({ ipipMode: 'CrossSubnet' }),
      calicoInstallation(1480),
      kubeProxy('mode: iptables\n'),
    ];
    const same = [
      node('worker-1', '10.0.0.11', { annotations: { 'projectcalico.org/IPv4Address': '10.0.0.11/24' } }),
      node('worker-2', '10.0.0.12', { annotations: { 'projectcalico.org/IPv4Address': '10.0.0.12/24' } }),
    ];
    const r1 = traceRoute(buildModel(twoNodeCluster({ objects, nodes: same })), {
      from: 'pod:shop/web',
      to: 'pod:shop/db',
      port: 5432,
    });
    expect(kinds(r1)).toContain('routed');
    expect(kinds(r1)).not.toContain('decap');
    expect(r1.findings.find((f) => f.code === 'OVERLAY_CROSS_SUBNET')?.detail).toContain(
      'share subnet 10.0.0.0/24',
    );
    const split = [
      same[0]!,
      node('worker-2', '10.0.1.12', { annotations: { 'projectcalico.org/IPv4Address': '10.0.1.12/24' } }),
    ];
    const r2 = traceRoute(buildModel(twoNodeCluster({ objects, nodes: split })), {
      from: 'pod:shop/web',
      to: 'pod:shop/db',
      port: 5432,
    });
    expect(kinds(r2)).toEqual(expect.arrayContaining(['encap', 'decap']));
    expect(r2.hops.find((h) => h.kind === 'encap')?.label).toBe('IP-in-IP encapsulation');
  });

  it('routes natively with Calico BGP (no encapsulation)', () => {
    const r = traceRoute(
      buildModel(twoNodeCluster({ objects: [calicoPool({ vxlanMode: 'Never', ipipMode: 'Never' })] })),
      { from: 'pod:shop/web', to: 'pod:shop/db', port: 5432 },
    );
    expect(r.hops.find((h) => h.kind === 'routed')?.label).toBe('routed (BGP)');
  });

  it('uses Flannel VXLAN from net-conf.json and Cilium Geneve from cilium-config', () => {
    const flannel = [
      configMap('kube-flannel-cfg', 'kube-flannel', {
        'net-conf.json': '{"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}}',
      }),
    ];
    const f = traceRoute(buildModel(twoNodeCluster({ objects: flannel })), {
      from: 'pod:shop/web',
      to: 'pod:shop/db',
      port: 5432,
    });
    expect(f.hops.find((h) => h.kind === 'encap')?.label).toBe('VXLAN encapsulation');
    expect(f.hops.find((h) => h.kind === 'veth')?.label).toMatch(/^veth/);
    const cilium = [
      configMap('cilium-config', 'kube-system', { 'routing-mode': 'tunnel', 'tunnel-protocol': 'geneve' }),
    ];
    const c = traceRoute(buildModel(twoNodeCluster({ objects: cilium })), {
      from: 'pod:shop/web',
      to: 'pod:shop/db',
      port: 5432,
    });
    expect(c.hops.find((h) => h.kind === 'encap')?.label).toBe('Geneve encapsulation');
    expect(c.hops.find((h) => h.kind === 'pod-eth0')?.mtu).toBe(1450);
  });

  it('says when the CNI could not be identified', () => {
    const r = traceRoute(buildModel(twoNodeCluster({ objects: [] })), {
      from: 'pod:shop/web',
      to: 'pod:shop/db',
      port: 5432,
    });
    expect(codes(r)).toContain('CNI_ASSUMED');
  });

  it('is deterministic', () => {
    const m = buildModel(twoNodeCluster({}, 1500));
    const q = { from: 'pod:shop/web', to: 'svc:shop/db', port: 5432 };
    expect(JSON.stringify(traceRoute(m, q))).toBe(JSON.stringify(traceRoute(m, q)));
  });
});

describe('policy hops', () => {
  const denyAll = {
    key: 'shop/default-deny',
    namespace: 'shop',
    name: 'default-deny',
    podSelector: {},
    policyTypes: ['Ingress', 'Egress'] as const,
    policyTypesInferred: false,
    ingress: [],
    egress: [],
    origin: {},
  };

  it('drops at policy-egress naming every selecting policy, and flags DNS blocked', () => {
    const r = traceRoute(
      buildModel(twoNodeCluster({ policies: [{ ...denyAll, policyTypes: ['Ingress', 'Egress'] }] })),
      { from: 'pod:shop/web', to: 'pod:shop/db', port: 5432 },
    );
    expect(r.verdict).toBe('dropped');
    expect(kinds(r)).toEqual(['pod-eth0', 'veth', 'policy-egress']);
    const f = r.findings.find((x) => x.code === 'POLICY_EGRESS_DENIED')!;
    expect(f.detail).toContain('NetworkPolicy shop/default-deny');
    expect(codes(r)).toContain('DNS_BLOCKED_BY_DEFAULT_DENY');
  });

  it('drops at policy-ingress when only ingress is denied', () => {
    const r = traceRoute(
      buildModel(twoNodeCluster({ policies: [{ ...denyAll, policyTypes: ['Ingress'] }] })),
      { from: 'pod:shop/web', to: 'pod:shop/db', port: 5432 },
    );
    expect(r.hops.at(-1)?.kind).toBe('policy-ingress');
    expect(codes(r)).toContain('POLICY_INGRESS_DENIED');
  });

  it('a denial proposes the exact NetworkPolicy that allows this connection, and says the isolation may be intended', () => {
    // "policies are additive": an added allow opens this connection and leaves the default deny
    // in force for the rest (kubernetes.io/docs/concepts/services-networking/network-policies).
    const r = traceRoute(
      buildModel(twoNodeCluster({ policies: [{ ...denyAll, policyTypes: ['Ingress'] }] })),
      { from: 'pod:shop/web', to: 'pod:shop/db', port: 5432 },
    );
    const f = r.findings.find((x) => x.code === 'POLICY_INGRESS_DENIED')!;
    expect(f.fix.split('\n')[0]).toMatch(/^The isolation may be intended/);
    const yaml = f.fix.slice(f.fix.indexOf("<<'EOF'\n") + 8, f.fix.lastIndexOf('EOF'));
    const policy = parse(yaml) as KubeObject;
    expect(policy).toMatchObject({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { namespace: 'shop' },
      spec: { policyTypes: ['Ingress'], ingress: [{ ports: [{ protocol: 'TCP', port: 5432 }] }] },
    });
    // The peer is selected by its labels in its namespace (whatif/suggest.test.ts applies such a policy and checks it delivers).
    expect(JSON.stringify(policy)).toContain('"podSelector":{"matchLabels":{"app":"web"}}');
    expect(f.fix).not.toContain('<selector of the peer>');
  });

  it('names the allowing rule', () => {
    const allow = {
      ...denyAll,
      key: 'shop/db-in',
      name: 'db-in',
      podSelector: { matchLabels: { app: 'db' } },
      policyTypes: ['Ingress'] as const,
      ingress: [
        {
          peers: [{ type: 'pods' as const, podSelector: { matchLabels: { app: 'web' } } }],
          ports: [{ protocol: 'TCP' as const, port: 'postgres' }],
        },
      ],
    };
    const r = traceRoute(buildModel(twoNodeCluster({ policies: [allow] })), {
      from: 'pod:shop/web',
      to: 'pod:shop/db',
      port: 5432,
    });
    expect(
      r.findings.find((f) => f.hop === r.hops.find((h) => h.kind === 'policy-ingress')!.id)?.detail,
    ).toContain('NetworkPolicy shop/db-in ingress rule #0');
  });
});

describe('pod → outside and nodes', () => {
  it('masquerades to the node IP with Calico natOutgoing', () => {
    const r = traceRoute(
      buildModel(twoNodeCluster({ objects: [calicoPool({ vxlanMode: 'Always', natOutgoing: true })] })),
      { from: 'pod:shop/web', to: 'ip:203.0.113.9', port: 443 },
    );
    expect(kinds(r)).toEqual(['pod-eth0', 'veth', 'policy-egress', 'node', 'snat', 'underlay', 'external']);
    expect(r.hops.at(-1)?.facts?.['source address the backend sees']).toBe('10.0.0.11');
    expect(codes(r)).toContain('SNAT_EGRESS_MASQUERADE');
  });

  it('masquerades with Flannel --ip-masq', () => {
    const ds = raw('apps/v1', 'DaemonSet', 'kube-flannel-ds', 'kube-flannel', {
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'kube-flannel', command: ['/opt/bin/flanneld', '--ip-masq', '--kube-subnet-mgr'] },
            ],
          },
        },
      },
    });
    const r = traceRoute(buildModel(twoNodeCluster({ objects: [ds] })), {
      from: 'pod:shop/web',
      to: 'ip:203.0.113.9',
      port: 443,
    });
    expect(r.findings.find((f) => f.code === 'SNAT_EGRESS_MASQUERADE')?.evidence[0]?.value).toBe('--ip-masq');
  });

  it('pod → node and node → pod', () => {
    const m = buildModel(twoNodeCluster());
    expect(kinds(traceRoute(m, { from: 'pod:shop/web', to: 'node:worker-2', port: 10250 }))).toEqual([
      'pod-eth0',
      'veth',
      'policy-egress',
      'node',
      'routed',
      'underlay',
      'endpoint',
    ]);
    expect(kinds(traceRoute(m, { from: 'node:worker-2', to: 'pod:shop/web', port: 8080 }))).toEqual([
      'node',
      'encap',
      'underlay',
      'decap',
      'policy-ingress',
      'veth',
      'endpoint',
    ]);
  });

  it('has no route from outside to a pod IP or a ClusterIP', () => {
    const m = buildModel(twoNodeCluster());
    const r = traceRoute(m, { from: 'ip:203.0.113.9', to: 'svc:shop/db', port: 5432 });
    expect(r.verdict).toBe('dropped');
    expect(codes(r)).toEqual(['NO_ROUTE']);
  });
});
