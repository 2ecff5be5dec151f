// A pod calling its own Service name is load-balanced back to itself (hairpin) and
// masqueraded by kube-proxy. The api's ingress policy admits only the web pods, so the
// api's calls to itself through the Service are denied: Calico judges the hairpinned
// packet by the pod's own address (policy runs before the masquerade), while the app
// logs the node address it finally sees.

import { addShop } from './build/layout';
import { podOf } from './build/names';
import { networkPolicy } from './build/policy';
import { deriveFix, defineScenario } from './build/scenario';
import { calicoVxlanCluster } from './build/calico-vxlan-cluster';
import type { Scenario } from './types';

const NS = 'shop';

const apiIngress = (from: ReadonlyArray<Record<string, unknown>>) =>
  networkPolicy(
    'api-ingress',
    NS,
    {
      podSelector: { matchLabels: { app: 'api' } },
      policyTypes: ['Ingress'],
      ingress: [{ from, ports: [{ port: 'http', protocol: 'TCP' }] }],
    },
    55,
  );

export const hairpinOwnService: Scenario = defineScenario(
  {
    slug: 'hairpin-own-service',
    title: 'Hairpin through the own Service',
    story:
      'The api schedules callbacks to itself at http://api:8080, and since the api-ingress policy went in, those calls time out while the web pods still reach the api. ' +
      "With one replica, kube-proxy sends the call straight back to the calling pod and masquerades it; Calico's ingress policy judges the pod's own address, which the rule admitting only app=web does not match, while the api's logs show only the node address it finally sees.",
    tags: ['Calico', 'VXLAN', 'kube-proxy iptables', 'NetworkPolicy', 'hairpin'],
    settings: { underlayMTU: 1500 },
    fixedBy: 'hairpin-own-service-allowed',
    queries: [
      {
        label: 'api → its own Service (hairpin)',
        from: podOf(NS, 'api', 0),
        to: `svc:${NS}/api`,
        port: 8080,
        protocol: 'TCP',
      },
      {
        label: 'web → api (allowed)',
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
    addShop(b, {
      namespace: NS,
      webNodes: ['worker-1', 'worker-2'],
      apiNodes: ['worker-2'],
      dbNode: 'worker-3',
    });
    b.add(apiIngress([{ podSelector: { matchLabels: { app: 'web' } } }]));
    return b.build();
  },
);

/** The documented fix: the api's ingress also admits its own pods, which is the source Calico judges. */
export const hairpinOwnServiceAllowed: Scenario = deriveFix(
  hairpinOwnService,
  {
    slug: 'hairpin-own-service-allowed',
    title: "Hairpin allowed for the app's own pods",
    story:
      "api-ingress now admits the app=api pods as well as app=web, so the api's callbacks through its own Service pass the policy, which judges the pod's own address before kube-proxy masquerades it. " +
      'The api still sees the node address as the source of those calls: the hairpin masquerade stays, by design.',
  },
  [
    {
      op: 'update',
      target: { kind: 'NetworkPolicy', namespace: NS, name: 'api-ingress' },
      update: (o) => ({
        ...o,
        spec: {
          ...(o.spec as object),
          ingress: [
            {
              from: [
                { podSelector: { matchLabels: { app: 'web' } } },
                { podSelector: { matchLabels: { app: 'api' } } },
              ],
              ports: [{ port: 'http', protocol: 'TCP' }],
            },
          ],
        },
      }),
    },
  ],
);
