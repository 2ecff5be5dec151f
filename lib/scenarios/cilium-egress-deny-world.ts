// A platform-wide Cilium egressDeny to `world` overrides an application team's
// Kubernetes NetworkPolicy that allows egress to an external payments API: on Cilium,
// deny rules win over every allow, whichever API the allow comes from
// (docs.cilium.io security/policy/language "Deny Policies").

import type { KubeObject } from '../model/types';
import { addCilium } from './build/cilium';
import { ciliumClusterwidePolicy } from './build/cilium-policy';
import { ClusterBuilder } from './build/cluster';
import { addShop, kubeadmNodes } from './build/layout';
import { podOf } from './build/names';
import { networkPolicy } from './build/policy';
import { deriveFix, defineScenario } from './build/scenario';
import { addCoreDns, addKubeadmBase } from './build/system';
import type { Scenario } from './types';

const NS = 'shop';
/** The payment provider's API endpoint (documentation range). */
const PAYMENTS = '203.0.113.10';

function build(): KubeObject[] {
  const b = new ClusterBuilder('cilium');
  addKubeadmBase(
    b,
    kubeadmNodes({
      podNetwork: '10.42.0.0/16',
      workers: 3,
      kernel: '6.1.0-25-amd64',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
    }),
  );
  addCilium(b, {
    routingMode: 'tunnel',
    tunnelProtocol: 'vxlan',
    kubeProxyReplacement: true,
    bpfLbMode: 'snat',
    version: 'v1.16.1',
  });
  addCoreDns(b, { nodes: ['worker-2', 'worker-3'] });
  addShop(b, {
    namespace: NS,
    webNodes: ['worker-1', 'worker-2'],
    apiNodes: ['worker-2', 'worker-3'],
    dbNode: 'worker-3',
  });
  b.add(
    // The platform team: nothing outside kube-system talks to the internet. enableDefaultDeny
    // off, so the policy only denies and does not isolate every pod.
    ciliumClusterwidePolicy('block-internet-egress', {
      description: 'Platform baseline: application namespaces never reach the internet directly',
      endpointSelector: {
        matchExpressions: [
          { key: 'io.kubernetes.pod.namespace', operator: 'NotIn', values: ['kube-system'] },
        ],
      },
      enableDefaultDeny: { egress: false, ingress: false },
      egressDeny: [{ toEntities: ['world'] }],
    }),
    // The shop team: api may call the payment provider on 443, and DNS.
    networkPolicy(
      'api-egress-payments',
      NS,
      {
        podSelector: { matchLabels: { app: 'api' } },
        policyTypes: ['Egress'],
        egress: [
          { to: [{ ipBlock: { cidr: `${PAYMENTS}/32` } }], ports: [{ port: 443, protocol: 'TCP' }] },
          { to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 5432, protocol: 'TCP' }] },
          {
            to: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
              },
            ],
            ports: [
              { port: 53, protocol: 'UDP' },
              { port: 53, protocol: 'TCP' },
            ],
          },
        ],
      },
      55,
    ),
  );
  return b.build();
}

export const ciliumEgressDenyWorld: Scenario = defineScenario(
  {
    slug: 'cilium-egress-deny-world',
    title: 'Cilium egressDeny to world overrides a NetworkPolicy allow',
    story:
      "Checkout fails with a timeout talking to the payment provider, although the shop team's NetworkPolicy api-egress-payments clearly allows TCP 443 to 203.0.113.10. " +
      "The platform team's CiliumClusterwideNetworkPolicy block-internet-egress denies egress to the world entity for every pod outside kube-system, and on Cilium a deny rule wins over every allow, whichever policy the allow comes from.",
    tags: ['Cilium', 'CiliumClusterwideNetworkPolicy', 'Deny policy', 'NetworkPolicy', 'VXLAN'],
    settings: { underlayMTU: 1500 },
    fixedBy: 'cilium-egress-deny-world-fixed',
    queries: [
      {
        label: `api → payment provider ${PAYMENTS}:443`,
        from: podOf(NS, 'api', 0),
        to: `ip:${PAYMENTS}`,
        port: 443,
        protocol: 'TCP',
      },
      {
        label: 'web → api Service (inside the cluster)',
        from: podOf(NS, 'web', 0),
        to: `svc:${NS}/api`,
        port: 8080,
        protocol: 'TCP',
      },
      {
        label: 'web → 198.51.100.20:443 (the internet, still denied)',
        from: podOf(NS, 'web', 0),
        to: 'ip:198.51.100.20',
        port: 443,
        protocol: 'TCP',
      },
    ],
  },
  build,
);

/**
 * The documented fix: a deny cannot be overridden by an allow, so the platform team
 * narrows the deny itself — world minus the payment provider's address.
 */
export const ciliumEgressDenyWorldFixed: Scenario = deriveFix(
  ciliumEgressDenyWorld,
  {
    slug: 'cilium-egress-deny-world-fixed',
    title: 'Cilium egressDeny narrowed to leave the payment provider open',
    story:
      'The platform team replaced toEntities: [world] in block-internet-egress with a toCIDRSet of 0.0.0.0/0 except 203.0.113.10/32, the one partner address the shop may call. ' +
      "The deny still covers the rest of the internet for every application pod, and the shop team's NetworkPolicy now decides api → payments: allowed on TCP 443.",
    queries: [
      ...ciliumEgressDenyWorld.queries.slice(0, 2),
      {
        label: `web → payment provider ${PAYMENTS}:443 (outside the narrowed deny)`,
        from: podOf(NS, 'web', 0),
        to: `ip:${PAYMENTS}`,
        port: 443,
        protocol: 'TCP',
      },
      ciliumEgressDenyWorld.queries[2]!,
    ],
  },
  [
    {
      op: 'merge',
      target: { kind: 'CiliumClusterwideNetworkPolicy', name: 'block-internet-egress' },
      patch: { spec: { egressDeny: [{ toCIDRSet: [{ cidr: '0.0.0.0/0', except: [`${PAYMENTS}/32`] }] }] } },
    },
  ],
);
