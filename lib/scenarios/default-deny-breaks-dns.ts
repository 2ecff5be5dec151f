// A namespace-wide default deny (Ingress and Egress) with allow rules for the app's own
// flows but none for DNS: every name lookup times out, so every connection by name fails.

import { addShop } from './build/layout';
import { podOf } from './build/names';
import { allowAppToApp, allowDns, defaultDenyAll } from './build/policy';
import { deriveFix, defineScenario } from './build/scenario';
import { calicoVxlanCluster } from './build/calico-vxlan-cluster';
import type { Scenario } from './types';

const NS = 'shop';

export const defaultDenyBreaksDns: Scenario = defineScenario(
  {
    slug: 'default-deny-breaks-dns',
    title: 'Default deny breaks DNS',
    story:
      'After the security audit we applied default-deny-all to the shop namespace and whitelisted web → api → db, and then everything broke with "could not resolve host". ' +
      "The policy also isolates egress, and nothing allows UDP/TCP 53 to CoreDNS in kube-system, so name lookups die at the pod's own egress policy even though the app-to-app rules are right.",
    tags: ['Calico', 'VXLAN', 'NetworkPolicy', 'DNS'],
    settings: { underlayMTU: 1500 },
    fixedBy: 'default-deny-allow-dns',
    queries: [
      {
        label: 'web → kube-dns (UDP 53)',
        from: podOf(NS, 'web', 0),
        to: 'svc:kube-system/kube-dns',
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
      {
        label: 'api → db (allowed by policy)',
        from: podOf(NS, 'api', 0),
        to: `svc:${NS}/db`,
        port: 5432,
        protocol: 'TCP',
      },
      {
        label: 'web → db (not allowed)',
        from: podOf(NS, 'web', 0),
        to: `svc:${NS}/db`,
        port: 5432,
        protocol: 'TCP',
      },
    ],
  },
  () => {
    // kubeadm leaves mode empty: iptables on Linux.
    const b = calicoVxlanCluster({
      podNetwork: '192.168.0.0/16',
      workers: 3,
      kubeProxy: { mode: '' },
      coreDnsNodes: ['worker-2', 'worker-3'],
    });
    addShop(b, {
      namespace: NS,
      webNodes: ['worker-1', 'worker-2'],
      apiNodes: ['worker-2', 'worker-3'],
      dbNode: 'worker-3',
    });
    b.add(
      defaultDenyAll(NS),
      ...allowAppToApp(NS, 'web', 'api', { egress: 8080, ingress: 'http' }, 51),
      ...allowAppToApp(NS, 'api', 'db', { egress: 5432, ingress: 'postgres' }, 52),
    );
    return b.build();
  },
);

/** The documented fix: the seed's `allow-dns` egress policy, narrowed to the CoreDNS pods. */
export const defaultDenyAllowDns: Scenario = deriveFix(
  defaultDenyBreaksDns,
  {
    slug: 'default-deny-allow-dns',
    title: 'Default deny with DNS allowed',
    story:
      'An allow-dns policy now lets every pod in shop reach the CoreDNS pods (kube-system, k8s-app=kube-dns) on UDP and TCP 53, with the namespace and pod selectors in one peer so nothing else in kube-system opens up. ' +
      'Lookups resolve again while the default deny still blocks everything that is not whitelisted.',
  },
  [{ op: 'add', objects: [allowDns(NS)] }],
);
