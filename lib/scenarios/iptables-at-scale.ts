// kube-proxy in iptables mode with 3,000 Services: every first packet walks KUBE-SERVICES
// linearly and every endpoint change rewrites the whole ruleset.

import { deriveFix, defineScenario } from './build/scenario';
import { kubeProxyConfig } from './build/system';
import {
  appName,
  appNamespace,
  appPodRef,
  generateLargeCluster,
  type LargeClusterParams,
} from './generate/large-cluster';
import type { Scenario } from './types';

export const IPTABLES_AT_SCALE: LargeClusterParams = {
  seed: 'iptables-at-scale',
  nodes: 24,
  namespaces: 40,
  pods: 1200,
  services: 3000,
  policies: 0,
  kubeProxyMode: 'iptables',
  encapsulation: 'None',
};

export const iptablesAtScale: Scenario = defineScenario(
  {
    slug: 'iptables-at-scale',
    title: 'kube-proxy iptables with 3,000 Services',
    story:
      'Since the platform passed a few thousand Services, new connections sometimes take tens of milliseconds to start and kube-proxy on every node burns CPU for seconds after each deploy. ' +
      'kube-proxy runs in iptables mode: KUBE-SERVICES is a linear list with a rule per Service port, and each endpoint change makes every node rewrite the whole table.',
    tags: ['Calico', 'BGP', 'kube-proxy', 'iptables', 'scale'],
    settings: { underlayMTU: 1500 },
    fixedBy: 'ipvs-at-scale',
    queries: [
      {
        label: `${appName(0)} → ${appName(1)} (another team)`,
        from: appPodRef(IPTABLES_AT_SCALE, 0),
        to: `svc:${appNamespace(IPTABLES_AT_SCALE, 1)}/${appName(1)}`,
        port: 8080,
        protocol: 'TCP',
      },
    ],
  },
  () => generateLargeCluster(IPTABLES_AT_SCALE),
);

/** The documented fix: KubeProxyConfiguration mode ipvs, scheduler rr, strictARP true. */
export const ipvsAtScale: Scenario = deriveFix(
  iptablesAtScale,
  {
    slug: 'ipvs-at-scale',
    title: 'kube-proxy IPVS with 3,000 Services',
    story:
      'kube-proxy now runs in IPVS mode (scheduler rr, strictARP true): a Service lookup is a hash-table hit on the virtual server, no matter how many Services exist. ' +
      'Rule syncs touch only the changed virtual servers, so deploys no longer stall every node.',
    tags: ['Calico', 'BGP', 'kube-proxy', 'IPVS', 'scale'],
  },
  [
    {
      op: 'merge',
      target: { kind: 'ConfigMap', name: 'kube-proxy', namespace: 'kube-system' },
      patch: {
        data: {
          'config.conf': kubeProxyConfig({
            mode: 'ipvs',
            scheduler: 'rr',
            strictARP: true,
            clusterCIDR: '10.64.0.0/12',
          }),
        },
      },
    },
  ],
);
