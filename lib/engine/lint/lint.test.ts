import { describe, expect, it } from 'vitest';
import { lintModel } from './index';
import {
  buildModel,
  calicoInstallation,
  calicoPool,
  kubeProxy,
  node,
  raw,
  service,
  tcp,
  twoNodeCluster,
} from '../trace/testing/model';

const codes = (m: ReturnType<typeof buildModel>) => lintModel(m).findings.map((f) => f.code);
const denyEgress = {
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

describe('lintModel', () => {
  it('DNS_BLOCKED_BY_DEFAULT_DENY once per namespace, naming the policy and both protocols', () => {
    const findings = lintModel(buildModel(twoNodeCluster({ policies: [denyEgress] }))).findings.filter(
      (f) => f.code === 'DNS_BLOCKED_BY_DEFAULT_DENY',
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]!.detail).toContain('NetworkPolicy shop/default-deny');
    expect(findings[0]!.detail).toContain('UDP 53 and TCP 53');
    expect(findings[0]!.fix).toContain('port: 53');
  });

  it('no DNS finding once an allow-dns policy exists', () => {
    const allowDns = {
      ...denyEgress,
      key: 'shop/allow-dns',
      name: 'allow-dns',
      policyTypes: ['Egress'] as const,
      egress: [
        {
          peers: [
            {
              type: 'pods' as const,
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            },
          ],
          ports: [
            { protocol: 'UDP' as const, port: 53 },
            { protocol: 'TCP' as const, port: 53 },
          ],
        },
      ],
    };
    expect(codes(buildModel(twoNodeCluster({ policies: [denyEgress, allowDns] })))).not.toContain(
      'DNS_BLOCKED_BY_DEFAULT_DENY',
    );
  });

  it('service checks: no endpoints, target port, node port, pending LoadBalancer', () => {
    const services = [
      service('shop/ghost', [tcp(80)], { selector: { app: 'ghost' } }),
      service('shop/db', [tcp(5432, 5433)]),
      service('shop/web', [tcp(80, 8080, { nodePort: 30080 })], {
        type: 'NodePort',
        selector: { app: 'web' },
      }),
      service('shop/lb', [tcp(80, 8080, { nodePort: 30081 })], {
        type: 'LoadBalancer',
        selector: { app: 'web' },
      }),
    ];
    const c = codes(buildModel(twoNodeCluster({ services })));
    // A numeric targetPort nobody declares is a warning (delivered if the process listens),
    // a name that resolves to nothing is TARGET_PORT_MISMATCH (../shared/contracts/findings.md, added codes).
    expect(c).toEqual(
      expect.arrayContaining([
        'NO_READY_ENDPOINTS',
        'TARGET_PORT_UNDECLARED',
        'NODEPORT_EXPOSED',
        'LB_PENDING',
      ]),
    );
    expect(c).not.toContain('TARGET_PORT_MISMATCH');
    expect(
      codes(buildModel(twoNodeCluster({ services: [service('shop/db', [tcp(5432, 'pg')])] }))),
    ).toContain('TARGET_PORT_MISMATCH');
  });

  it('platform checks: iptables scale with the count, eBPF kernel, node MTU mismatch, overlay black hole, IPVS strictARP', () => {
    const many = Array.from({ length: 1200 }, (_, i) =>
      service(`bulk/s${i}`, [tcp(80)], { selector: undefined }),
    );
    const scale = lintModel(buildModel(twoNodeCluster({ services: many }))).findings.find(
      (f) => f.code === 'KUBE_PROXY_IPTABLES_SCALE',
    );
    expect(scale?.detail).toContain('1200 Services');
    const mtu = codes(
      buildModel({
        ...twoNodeCluster({}, 1500),
        settings: { underlayMTU: 1500, nodeUnderlayMTU: { 'worker-2': 9000 } },
      }),
    );
    expect(mtu).toEqual(expect.arrayContaining(['MTU_MISMATCH_NODES', 'MTU_BLACKHOLE']));
    const pool = raw('metallb.io/v1beta1', 'IPAddressPool', 'p', 'metallb-system', {
      spec: { addresses: ['192.168.10.0/24'] },
    });
    const l2 = raw('metallb.io/v1beta1', 'L2Advertisement', 'l2', 'metallb-system', {});
    expect(
      codes(
        buildModel(
          twoNodeCluster({
            objects: [calicoPool(), calicoInstallation(1450), kubeProxy('mode: ipvs\n'), pool, l2],
          }),
        ),
      ),
    ).toContain('IPVS_STRICT_ARP_REQUIRED');
    const cilium = raw('v1', 'ConfigMap', 'cilium-config', 'kube-system', {
      data: { 'kube-proxy-replacement': 'true' },
    });
    expect(
      codes(
        buildModel(
          twoNodeCluster({
            objects: [cilium],
            nodes: [
              node('worker-1', '10.0.0.11', { kernelVersion: '5.4.0-150-generic' }),
              node('worker-2', '10.0.0.12', { kernelVersion: '5.15.0' }),
            ],
          }),
        ),
      ),
    ).toContain('EBPF_KERNEL_TOO_OLD');
  });

  it('ingress and gateway checks', () => {
    const ing = raw('networking.k8s.io/v1', 'Ingress', 'shop', 'shop', {
      spec: {
        rules: [
          {
            host: 'a.example',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'nope', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    });
    const route = raw('gateway.networking.k8s.io/v1', 'HTTPRoute', 'r', 'shop', {
      spec: { parentRefs: [{ name: 'missing-gw' }], rules: [] },
    });
    const c = codes(buildModel(twoNodeCluster({ objects: [...twoNodeCluster().objects!, ing, route] })));
    expect(c).toEqual(
      expect.arrayContaining([
        'INGRESS_CLASS_UNCLAIMED',
        'INGRESS_BACKEND_MISSING',
        'GATEWAY_ROUTE_NOT_ATTACHED',
      ]),
    );
  });

  it('is ordered: errors first, deterministic', () => {
    const m = buildModel(
      twoNodeCluster({
        policies: [denyEgress],
        services: [
          service('shop/web', [tcp(80, 8080, { nodePort: 30080 })], {
            type: 'NodePort',
            selector: { app: 'web' },
          }),
        ],
      }),
    );
    const a = lintModel(m).findings;
    expect(a.map((f) => f.severity)).toEqual(
      [...a.map((f) => f.severity)].sort(
        (x, y) => ['error', 'warning', 'info'].indexOf(x) - ['error', 'warning', 'info'].indexOf(y),
      ),
    );
    expect(JSON.stringify(lintModel(m))).toBe(JSON.stringify(a.length ? { findings: a } : { findings: [] }));
  });
});
