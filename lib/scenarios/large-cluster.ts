// The "large" demo: a generated 50-node cluster with ~5,000 pods, for trying the dashboard
// and the engine at a realistic size.

import { defineScenario } from './build/scenario';
import {
  appName,
  appNamespace,
  appPodRef,
  DEFAULT_LARGE_CLUSTER,
  generateLargeCluster,
} from './generate/large-cluster';
import type { Scenario } from './types';

const P = DEFAULT_LARGE_CLUSTER;

export const largeCluster: Scenario = defineScenario(
  {
    slug: 'large-cluster',
    title: 'Large cluster: 50 nodes, 5,000 pods',
    story:
      'A generated platform cluster: 40 team namespaces, 5,000 pods, 1,500 Services and 200 NetworkPolicies on Calico VXLAN with kube-proxy in IPVS mode. ' +
      'Every namespace runs default deny with DNS allowed, and teams open single flows to each other; most pairs are therefore blocked.',
    tags: ['Calico', 'VXLAN', 'IPVS', 'NetworkPolicy', 'scale'],
    settings: { underlayMTU: 1500 },
    queries: [
      {
        label: `${appName(1)} → ${appName(0)} (allowed flow)`,
        from: appPodRef(P, 1),
        to: `svc:${appNamespace(P, 0)}/${appName(0)}`,
        port: 8080,
        protocol: 'TCP',
      },
      {
        label: `${appName(0)} → kube-dns`,
        from: appPodRef(P, 0),
        to: 'svc:kube-system/kube-dns',
        port: 53,
        protocol: 'UDP',
      },
    ],
  },
  () => generateLargeCluster(P),
);
