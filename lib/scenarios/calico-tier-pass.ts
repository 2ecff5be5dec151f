// Calico tiers: the platform team's tier denies by default and Passes shop traffic to the
// application tier; the application tier's default deny for shop has an allow for
// web's egress to db but none for db's ingress from web, so web → db dies at the end of
// the application tier even though the platform tier and web's own egress let it go.

import { calicoNetworkPolicy, globalNetworkPolicy, tier } from './build/calico-policy';
import { addShop } from './build/layout';
import { podOf } from './build/names';
import { deriveFix, defineScenario } from './build/scenario';
import { calicoVxlanCluster } from './build/calico-vxlan-cluster';
import type { Scenario } from './types';

const NS = 'shop';
const inShop = `projectcalico.org/name == "${NS}"`;

export const calicoTierPass: Scenario = defineScenario(
  {
    slug: 'calico-tier-pass-missing-policy',
    title: 'Calico tier Pass, application policy missing',
    story:
      'The platform team owns a Calico "platform" tier that lets DNS out, denies everything else and Passes shop-to-shop traffic on to the "application" tier. ' +
      "The shop team's application tier isolates every shop pod and allows web → api and web → db egress, but nobody wrote db's ingress rule: web → db passes the platform tier and web's egress, then dies at the end of the application tier.",
    tags: ['Calico', 'VXLAN', 'Calico policy', 'tiers'],
    settings: { underlayMTU: 1500 },
    fixedBy: 'calico-tier-pass-fixed',
    queries: [
      {
        label: 'web → db (denied at the end of tier application)',
        from: podOf(NS, 'web', 0),
        to: `svc:${NS}/db`,
        port: 5432,
        protocol: 'TCP',
      },
      {
        label: 'web → api (passed, then allowed)',
        from: podOf(NS, 'web', 0),
        to: `svc:${NS}/api`,
        port: 8080,
        protocol: 'TCP',
      },
      {
        label: 'web → kube-dns (allowed in tier platform)',
        from: podOf(NS, 'web', 0),
        to: 'svc:kube-system/kube-dns',
        port: 53,
        protocol: 'UDP',
      },
    ],
  },
  () => {
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
      tier('platform', 100),
      tier('application', 500),
      globalNetworkPolicy('platform.allow-dns', {
        tier: 'platform',
        order: 10,
        namespaceSelector: inShop,
        types: ['Egress'],
        egress: [
          {
            action: 'Allow',
            protocol: 'UDP',
            destination: {
              namespaceSelector: 'projectcalico.org/name == "kube-system"',
              selector: 'k8s-app == "kube-dns"',
              ports: [53],
            },
          },
          {
            action: 'Allow',
            protocol: 'TCP',
            destination: {
              namespaceSelector: 'projectcalico.org/name == "kube-system"',
              selector: 'k8s-app == "kube-dns"',
              ports: [53],
            },
          },
        ],
      }),
      globalNetworkPolicy('platform.pass-shop', {
        tier: 'platform',
        order: 100,
        namespaceSelector: inShop,
        types: ['Ingress', 'Egress'],
        ingress: [{ action: 'Pass', source: { namespaceSelector: inShop } }],
        egress: [{ action: 'Pass', destination: { namespaceSelector: inShop } }],
      }),
      calicoNetworkPolicy('application.shop-default-deny', NS, {
        tier: 'application',
        order: 1000,
        selector: 'all()',
        types: ['Ingress', 'Egress'],
      }),
      calicoNetworkPolicy('application.web-egress', NS, {
        tier: 'application',
        order: 100,
        selector: 'app == "web"',
        types: ['Egress'],
        egress: [
          { action: 'Allow', protocol: 'TCP', destination: { selector: 'app == "api"', ports: [8080] } },
          { action: 'Allow', protocol: 'TCP', destination: { selector: 'app == "db"', ports: [5432] } },
        ],
      }),
      calicoNetworkPolicy('application.api-ingress', NS, {
        tier: 'application',
        order: 100,
        selector: 'app == "api"',
        types: ['Ingress'],
        ingress: [
          {
            action: 'Allow',
            protocol: 'TCP',
            source: { selector: 'app == "web"' },
            destination: { ports: ['http'] },
          },
        ],
      }),
    );
    return b.build();
  },
);

/** The documented fix: db's missing ingress policy in the application tier. */
export const calicoTierPassFixed: Scenario = deriveFix(
  calicoTierPass,
  {
    slug: 'calico-tier-pass-fixed',
    title: 'Calico tier Pass, application policy added',
    story:
      'The shop team added application.db-ingress: in the application tier, ordered before the namespace default deny, it allows TCP 5432 from web to db. ' +
      'web → db now passes the platform tier and is allowed in the application tier; everything the platform tier does not pass is still denied.',
  },
  [
    {
      op: 'add',
      objects: [
        calicoNetworkPolicy(
          'application.db-ingress',
          NS,
          {
            tier: 'application',
            order: 100,
            selector: 'app == "db"',
            types: ['Ingress'],
            ingress: [
              {
                action: 'Allow',
                protocol: 'TCP',
                source: { selector: 'app == "web"' },
                destination: { ports: [5432] },
              },
            ],
          },
          90,
        ),
      ],
    },
  ],
);
