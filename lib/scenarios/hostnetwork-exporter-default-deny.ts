// A node-exporter DaemonSet runs with hostNetwork: true under a default-deny monitoring
// namespace. Prometheus's egress rule names the exporter pods by label, but NetworkPolicy
// selectors never match a host-network pod: the exporter is the node's own address.

import { daemonSetPodName, podOf } from './build/names';
import { allowDns, defaultDenyAll, networkPolicy } from './build/policy';
import { deriveFix, defineScenario } from './build/scenario';
import { calicoVxlanCluster } from './build/calico-vxlan-cluster';
import type { Scenario } from './types';

const NS = 'monitoring';
const NODE_NETWORK = '10.0.0.0/24';

const scrapeTo = (to: Record<string, unknown>) =>
  networkPolicy(
    'prometheus-scrape-node-exporter',
    NS,
    {
      podSelector: { matchLabels: { app: 'prometheus' } },
      policyTypes: ['Egress'],
      egress: [{ to: [to], ports: [{ port: 9100, protocol: 'TCP' }] }],
    },
    61,
  );

export const hostNetworkExporterDenied: Scenario = defineScenario(
  {
    slug: 'hostnetwork-exporter-default-deny',
    title: 'Host-network exporter under default deny',
    story:
      "After default-deny-all went into the monitoring namespace, every node-exporter target in Prometheus turned red except the one on Prometheus's own node, although a policy allows Prometheus egress to the app=node-exporter pods on 9100. " +
      "node-exporter runs with hostNetwork: true, so its pods have no address of their own: they are the nodes, and no podSelector ever matches them, which leaves Prometheus's egress to the node addresses denied.",
    tags: ['Calico', 'VXLAN', 'NetworkPolicy', 'hostNetwork'],
    settings: { underlayMTU: 1500 },
    fixedBy: 'hostnetwork-exporter-node-cidr',
    queries: [
      {
        label: 'prometheus → node-exporter on worker-2 (TCP 9100)',
        from: podOf(NS, 'prometheus', 0),
        to: `pod:${NS}/${daemonSetPodName(NS, 'node-exporter', 'worker-2')}`,
        port: 9100,
        protocol: 'TCP',
      },
      {
        label: 'prometheus → node-exporter on its own node',
        from: podOf(NS, 'prometheus', 0),
        to: `pod:${NS}/${daemonSetPodName(NS, 'node-exporter', 'worker-1')}`,
        port: 9100,
        protocol: 'TCP',
      },
      {
        label: 'node-exporter (host network) → prometheus: judged as the node tunnel address',
        from: `pod:${NS}/${daemonSetPodName(NS, 'node-exporter', 'worker-2')}`,
        to: podOf(NS, 'prometheus', 0),
        port: 9090,
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
    b.namespace(NS);
    b.deployment({
      name: 'prometheus',
      namespace: NS,
      labels: { app: 'prometheus' },
      nodes: ['worker-1'],
      containers: [
        {
          name: 'prometheus',
          image: 'quay.io/prometheus/prometheus:v2.54.1',
          ports: [{ name: 'web', containerPort: 9090 }],
        },
      ],
    });
    b.daemonSet({
      name: 'node-exporter',
      namespace: NS,
      labels: { app: 'node-exporter' },
      hostNetwork: true,
      nodes: ['worker-1', 'worker-2', 'worker-3'],
      containers: [
        {
          name: 'node-exporter',
          image: 'quay.io/prometheus/node-exporter:v1.8.2',
          args: ['--web.listen-address=:9100', '--path.rootfs=/host'],
          ports: [{ name: 'metrics', containerPort: 9100 }],
        },
      ],
    });
    b.service({
      name: 'node-exporter',
      namespace: NS,
      headless: true,
      selector: { app: 'node-exporter' },
      labels: { app: 'node-exporter' },
      ports: [{ name: 'metrics', port: 9100, targetPort: 'metrics' }],
    });
    b.add(
      defaultDenyAll(NS),
      allowDns(NS),
      scrapeTo({ podSelector: { matchLabels: { app: 'node-exporter' } } }),
    );
    return b.build();
  },
);

/** The documented fix: Prometheus's egress names the node network by address, which is what a host-network pod is. */
export const hostNetworkExporterNodeCidr: Scenario = deriveFix(
  hostNetworkExporterDenied,
  {
    slug: 'hostnetwork-exporter-node-cidr',
    title: 'Host-network exporter allowed by the node network',
    story:
      `The scrape policy now allows Prometheus egress to the node network ${NODE_NETWORK} on TCP 9100 (an ipBlock, because a host-network pod is its node's address), and every target is up again. ` +
      'The exporter itself stays unpoliced by NetworkPolicy: its traffic is node traffic.',
  },
  [
    {
      op: 'update',
      target: { kind: 'NetworkPolicy', namespace: NS, name: 'prometheus-scrape-node-exporter' },
      update: (o) => ({
        ...o,
        spec: {
          ...(o.spec as object),
          egress: [{ to: [{ ipBlock: { cidr: NODE_NETWORK } }], ports: [{ port: 9100, protocol: 'TCP' }] }],
        },
      }),
    },
  ],
);
