// NodeLocal DNSCache with a default deny whose DNS exception names only the CoreDNS
// pods: the cache answers on the node (169.254.20.10 and the kube-dns ClusterIP, NOTRACK),
// so the query never goes to a CoreDNS pod and the egress policy drops it.
// https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/

import { addShop } from './build/layout';
import { NODELOCAL_IP, addNodeLocalDns } from './build/nodelocal-dns';
import { podOf } from './build/names';
import { allowAppToApp, allowDns, defaultDenyAll } from './build/policy';
import { deriveFix, defineScenario } from './build/scenario';
import { calicoVxlanCluster } from './build/calico-vxlan-cluster';
import type { Scenario } from './types';

const NS = 'shop';

export const nodeLocalDnsCoreDnsOnly: Scenario = defineScenario(
  {
    slug: 'nodelocal-dns-coredns-only',
    title: 'NodeLocal DNSCache behind a CoreDNS-only DNS allow',
    story:
      'The platform team rolled out NodeLocal DNSCache, and the next morning every pod in shop fails with "could not resolve host", although shop has had an allow-dns policy for the CoreDNS pods since its default deny went in. ' +
      'The cache answers on each node (169.254.20.10 and the kube-dns ClusterIP, with NOTRACK rules, so kube-proxy never DNATs to a CoreDNS pod): the destination is the node-local address, which no egress rule allows.',
    tags: ['Calico', 'VXLAN', 'NetworkPolicy', 'DNS', 'NodeLocal DNSCache'],
    settings: { underlayMTU: 1500 },
    fixedBy: 'nodelocal-dns-allowed',
    queries: [
      {
        label: 'web → kube-dns (UDP 53)',
        from: podOf(NS, 'web', 0),
        to: 'svc:kube-system/kube-dns',
        port: 53,
        protocol: 'UDP',
      },
      {
        label: `web → ${NODELOCAL_IP} (UDP 53)`,
        from: podOf(NS, 'web', 0),
        to: `ip:${NODELOCAL_IP}`,
        port: 53,
        protocol: 'UDP',
      },
      {
        label: 'web → api (allowed by policy)',
        from: podOf(NS, 'web', 0),
        to: `svc:${NS}/api`,
        port: 8080,
        protocol: 'TCP',
      },
    ],
  },
  () => {
    const b = calicoVxlanCluster({
      podNetwork: '192.168.0.0/16',
      workers: 3,
      coreDnsNodes: ['worker-2', 'worker-3'],
    });
    addNodeLocalDns(b, { kubeDnsIP: '10.96.0.10', upstreamIP: '10.96.0.11' });
    addShop(b, {
      namespace: NS,
      webNodes: ['worker-1', 'worker-2'],
      apiNodes: ['worker-2', 'worker-3'],
      dbNode: 'worker-3',
    });
    b.add(
      defaultDenyAll(NS),
      allowDns(NS),
      ...allowAppToApp(NS, 'web', 'api', { egress: 8080, ingress: 'http' }, 51),
    );
    return b.build();
  },
);

/** The documented fix: allow DNS to the cache's addresses too (the kube-dns ClusterIP is not DNATed either). */
export const nodeLocalDnsAllowed: Scenario = deriveFix(
  nodeLocalDnsCoreDnsOnly,
  {
    slug: 'nodelocal-dns-allowed',
    title: 'NodeLocal DNSCache allowed by the DNS policy',
    story:
      'allow-dns now also lets every pod in shop reach 169.254.20.10/32 and the kube-dns ClusterIP 10.96.0.10/32 on UDP and TCP 53, next to the CoreDNS pods (which the cache itself and pods on nodes without a cache still use). ' +
      "Lookups are answered by the cache on the pod's own node again.",
  },
  [
    {
      op: 'merge',
      target: { kind: 'NetworkPolicy', name: 'allow-dns', namespace: NS },
      patch: {
        spec: {
          egress: [
            {
              ports: [
                { port: 53, protocol: 'UDP' },
                { port: 53, protocol: 'TCP' },
              ],
              to: [
                {
                  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
                },
                { ipBlock: { cidr: `${NODELOCAL_IP}/32` } },
                { ipBlock: { cidr: '10.96.0.10/32' } },
              ],
            },
          ],
        },
      },
    },
  ],
);
