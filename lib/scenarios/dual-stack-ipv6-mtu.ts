// A dual-stack cluster whose pod MTU was pinned at 1450 for IPv4 VXLAN: once the shop's
// Services go IPv6-first, IPv6 pod traffic is wrapped in VXLAN over the nodes' IPv6
// addresses (40-byte outer header instead of 20: 70 B instead of 50) and every full-size
// packet between nodes grows to 1520 bytes on a 1500-byte underlay. IPv4 still works.
// Sources: Calico VXLAN-over-IPv6 overhead (felix int_dataplane.go vxlanV6MTUOverhead = 70,
// determinePodMTU takes the smallest MTU of every enabled encapsulation); IPv6 header
// RFC 8200; dual-stack Services https://kubernetes.io/docs/concepts/services-networking/dual-stack/

import { addCalico } from './build/calico';
import { ClusterBuilder } from './build/cluster';
import { dualStack } from './build/dual-stack';
import { addShop, kubeadmNodes } from './build/layout';
import { podOf } from './build/names';
import { deriveFix, defineScenario } from './build/scenario';
import { addCoreDns, addKubeadmBase, addKubeProxy } from './build/system';
import type { Scenario } from './types';

const NS = 'shop';
const web = (i: number) => podOf(NS, 'web', i);

export const dualStackIpv6Mtu: Scenario = defineScenario(
  {
    slug: 'dual-stack-ipv6-mtu',
    title: 'Dual-stack: IPv6 requests hang, IPv4 works (MTU pinned for IPv4 VXLAN)',
    story:
      "The cluster went dual-stack and the shop's db and web Services became IPv6-first (ipFamilyPolicy PreferDualStack, ipFamilies [IPv6, IPv4]). " +
      'Since then large queries from web to db hang across nodes, while web → api, still a single-stack IPv4 Service, is fine. ' +
      "The Installation pins the pod MTU at 1450 — right for VXLAN over IPv4 (50 B) — but Calico carries IPv6 pod traffic in VXLAN over the nodes' IPv6 addresses, whose 40-byte header makes the overhead 70 B: a full-size packet becomes 1520 bytes on a 1500-byte underlay.",
    tags: ['Calico', 'dual-stack', 'IPv6', 'VXLAN', 'MTU', 'iptables'],
    settings: { underlayMTU: 1500 },
    fixedBy: 'dual-stack-ipv6-mtu-fixed',
    queries: [
      {
        label: "web → db over IPv6 (the Service's primary family), full-size packet",
        from: web(0),
        to: `svc:${NS}/db`,
        port: 5432,
        protocol: 'TCP',
      },
      {
        label: 'web → api over IPv4 across nodes',
        from: web(0),
        to: `svc:${NS}/api`,
        port: 8080,
        protocol: 'TCP',
      },
      {
        label: 'web → db over IPv6, small health check',
        from: web(0),
        to: `svc:${NS}/db`,
        port: 5432,
        protocol: 'TCP',
        size: 120,
      },
    ],
  },
  () => {
    const b = new ClusterBuilder('calico-vxlan');
    addKubeadmBase(b, kubeadmNodes({ podNetwork: '192.168.0.0/16', workers: 3 }));
    addCalico(b, {
      cidr: '192.168.0.0/16',
      encapsulation: 'VXLAN',
      bgp: 'Disabled',
      mtu: 1450,
      felixMTU: 1450,
    });
    addKubeProxy(b, { mode: 'iptables', clusterCIDR: '192.168.0.0/16,fd00:10:244::/64' });
    addCoreDns(b, { nodes: ['worker-1', 'worker-2'] });
    addShop(b, {
      namespace: NS,
      webNodes: ['worker-1', 'worker-2', 'worker-3'],
      apiNodes: ['worker-1', 'worker-3'],
      dbNode: 'worker-2',
    });
    return dualStack(b.build(), {
      services: [`${NS}/db`, `${NS}/db-headless`, `${NS}/web`],
      primary: 'IPv6',
    });
  },
);

/**
 * The documented fix: `kubectl patch installation default --type=merge -p
 * '{"spec":{"calicoNetwork":{"mtu":1430}}}'` (1500 − 70 B VXLAN over IPv6; the one pod
 * interface serves both families, so it takes the smaller value), then restart the pods.
 */
export const dualStackIpv6MtuFixed: Scenario = deriveFix(
  dualStackIpv6Mtu,
  {
    slug: 'dual-stack-ipv6-mtu-fixed',
    title: 'Dual-stack MTU fixed: pod MTU 1430 fits VXLAN over IPv6',
    story:
      'The Installation now sets the pod MTU to 1430 (and Felix follows for both VXLAN devices): 1430 + 70 B of VXLAN over IPv6 is exactly the 1500-byte underlay, and IPv4 VXLAN (50 B) fits with room to spare. ' +
      'Full-size IPv6 packets between nodes go through; IPv4 is unchanged.',
  },
  [
    {
      op: 'merge',
      target: { kind: 'Installation', name: 'default' },
      patch: { spec: { calicoNetwork: { mtu: 1430 } }, status: { mtu: 1430 } },
    },
    {
      op: 'merge',
      target: { kind: 'FelixConfiguration', name: 'default' },
      patch: { spec: { vxlanMTU: 1430, vxlanMTUV6: 1430 } },
    },
  ],
);
