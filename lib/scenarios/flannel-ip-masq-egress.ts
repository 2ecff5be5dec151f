// Flannel VXLAN with --ip-masq: pod traffic to an external partner API leaves with the
// node's address, and the underlay MTU is not stated anywhere in the cluster.

import type { KubeObject } from '../model/types';
import { ClusterBuilder } from './build/cluster';
import { addFlannel } from './build/flannel';
import { kubeadmNodes } from './build/layout';
import { podOf } from './build/names';
import { deriveFix, defineScenario } from './build/scenario';
import { addCoreDns, addKubeadmBase, addKubeProxy } from './build/system';
import type { Scenario } from './types';

function build(): KubeObject[] {
  const b = new ClusterBuilder('flannel');
  addKubeadmBase(b, kubeadmNodes({ podNetwork: '10.244.0.0/16', workers: 3 }));
  addFlannel(b, { network: '10.244.0.0/16', backend: 'vxlan', ipMasq: true });
  addKubeProxy(b, { mode: 'iptables', clusterCIDR: '10.244.0.0/16' });
  addCoreDns(b, { nodes: ['worker-2', 'worker-3'] });
  b.namespace('payments', { 'compliance.example.no/pci': 'true' });
  b.deployment({
    name: 'payment-worker',
    namespace: 'payments',
    labels: { app: 'payment-worker' },
    nodes: ['worker-1', 'worker-2'],
    containers: [
      {
        name: 'worker',
        image: 'registry.example.no/payments/worker:1.19.3',
        env: [{ name: 'PARTNER_API_URL', value: 'https://203.0.113.10/v1' }],
        ports: [{ name: 'metrics', containerPort: 9102 }],
      },
    ],
  });
  b.deployment({
    name: 'ledger',
    namespace: 'payments',
    labels: { app: 'ledger' },
    nodes: ['worker-3'],
    containers: [
      {
        name: 'ledger',
        image: 'registry.example.no/payments/ledger:2.4.0',
        ports: [{ name: 'http', containerPort: 8080 }],
      },
    ],
  });
  b.service({
    name: 'ledger',
    namespace: 'payments',
    selector: { app: 'ledger' },
    ports: [{ name: 'http', port: 8080, targetPort: 'http' }],
  });
  return b.build();
}

export const flannelIpMasqEgress: Scenario = defineScenario(
  {
    slug: 'flannel-ip-masq-egress',
    title: 'Flannel --ip-masq: the partner sees node IPs',
    story:
      'The payment partner allowlisted our pod network 10.244.0.0/16, yet rejects our calls to 203.0.113.10:443 — their firewall logs show 10.0.0.11 and 10.0.0.12. ' +
      "flanneld runs with --ip-masq, so traffic leaving the pod network is masqueraded to the node's address; the overlay itself is VXLAN with a 1450-byte pod MTU, on an underlay whose MTU nobody has written down.",
    tags: ['Flannel', 'VXLAN', 'SNAT', 'egress'],
    // The underlay MTU is deliberately not stated here: the engine must assume 1500 and say so.
    settings: {},
    fixedBy: 'flannel-egress-mtu-stated',
    queries: [
      {
        label: 'payment-worker → partner API 203.0.113.10:443',
        from: podOf('payments', 'payment-worker', 0),
        to: 'ip:203.0.113.10',
        port: 443,
        protocol: 'TCP',
      },
      {
        label: 'payment-worker → ledger across nodes',
        from: podOf('payments', 'payment-worker', 0),
        to: 'svc:payments/ledger',
        port: 8080,
        protocol: 'TCP',
      },
    ],
  },
  build,
);

export const flannelEgressMtuStated: Scenario = deriveFix(
  flannelIpMasqEgress,
  {
    slug: 'flannel-egress-mtu-stated',
    title: 'Flannel egress with the underlay MTU stated',
    story:
      "The partner now allowlists the nodes' addresses, which is what --ip-masq makes them see, and `ip -d link show eth0` confirmed a 1500-byte underlay, now stated in the snapshot settings. " +
      'The VXLAN overlay (1450 + 50) fits exactly, so nothing on the path is assumed any more.',
    settings: { underlayMTU: 1500 },
  },
  [],
);
