// Cilium kube-proxy replacement with DSR load balancing on nodes that are not all recent
// enough: one worker still runs Debian 10's 4.19 kernel, below what the eBPF datapath wants.

import type { KubeObject } from '../model/types';
import { addCilium } from './build/cilium';
import { ciliumL2Policy, ciliumLBPool } from './build/cilium-lb';
import { ClusterBuilder } from './build/cluster';
import { kubeadmNodes } from './build/layout';
import { podOf } from './build/names';
import { deriveFix, defineScenario } from './build/scenario';
import { addCoreDns, addKubeadmBase } from './build/system';
import type { Scenario } from './types';

const LB_IP = '10.10.0.200';
const OLD_KERNEL = '4.19.0-26-amd64';

function build(): KubeObject[] {
  const b = new ClusterBuilder('cilium');
  const nodes = kubeadmNodes({ underlay: '10.10.0', podNetwork: '10.42.0.0/16', workers: 3 }).map((n) =>
    n.name === 'worker-3' ? { ...n, kernelVersion: OLD_KERNEL, osImage: 'Debian GNU/Linux 10 (buster)' } : n,
  );
  addKubeadmBase(b, nodes);
  // kube-proxy was never installed (kubeadm init --skip-phases=addon/kube-proxy).
  addCilium(b, {
    routingMode: 'native',
    nativeRoutingCIDR: '10.42.0.0/16',
    kubeProxyReplacement: true,
    bpfLbMode: 'dsr',
  });
  addCoreDns(b, { nodes: ['worker-1', 'worker-2'] });
  b.add(ciliumLBPool('public', '10.10.0.200', '10.10.0.209'), ciliumL2Policy('announce-lb'));
  b.namespace('web');
  b.deployment({
    name: 'frontend',
    namespace: 'web',
    labels: { app: 'frontend' },
    nodes: ['worker-1', 'worker-2', 'worker-3'],
    containers: [
      {
        name: 'frontend',
        image: 'registry.example.no/web/frontend:3.2.0',
        ports: [{ name: 'http', containerPort: 8080 }],
      },
    ],
  });
  b.deployment({
    name: 'api',
    namespace: 'web',
    labels: { app: 'api' },
    nodes: ['worker-1', 'worker-2'],
    containers: [
      {
        name: 'api',
        image: 'registry.example.no/web/api:7.0.4',
        ports: [{ name: 'http', containerPort: 8080 }],
      },
    ],
  });
  b.service({
    name: 'frontend',
    namespace: 'web',
    type: 'LoadBalancer',
    selector: { app: 'frontend' },
    loadBalancerIngress: [LB_IP],
    annotations: { 'io.cilium/lb-ipam-ips': LB_IP },
    ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 31180 }],
  });
  b.service({
    name: 'api',
    namespace: 'web',
    selector: { app: 'api' },
    ports: [{ name: 'http', port: 8080, targetPort: 'http' }],
  });
  return b.build();
}

export const ciliumDsrOldKernel: Scenario = defineScenario(
  {
    slug: 'cilium-dsr-old-kernel',
    title: 'Cilium DSR on a node with a 4.19 kernel',
    story:
      'We replaced kube-proxy with Cilium (kubeProxyReplacement=true, loadBalancer.mode=dsr) and everything looks fine, except that Service traffic from pods on worker-3 misbehaves after restarts of the agent. ' +
      'worker-3 still runs Debian 10 with kernel 4.19, below the 5.10 the eBPF service datapath wants; the other nodes run 5.15, and DSR keeps the client IP for LoadBalancer traffic without SNAT.',
    tags: ['Cilium', 'eBPF', 'DSR', 'kube-proxy replacement', 'native routing'],
    settings: { underlayMTU: 1500 },
    fixedBy: 'cilium-dsr-kernel-upgraded',
    queries: [
      {
        label: 'frontend on worker-3 → api Service',
        from: podOf('web', 'frontend', 2),
        to: 'svc:web/api',
        port: 8080,
        protocol: 'TCP',
      },
      {
        label: 'frontend on worker-1 → api Service',
        from: podOf('web', 'frontend', 0),
        to: 'svc:web/api',
        port: 8080,
        protocol: 'TCP',
      },
      {
        label: 'customer → http://10.10.0.200/ (DSR keeps the client IP)',
        from: 'ip:198.51.100.23',
        to: `http://${LB_IP}/`,
        port: 80,
        protocol: 'TCP',
      },
    ],
  },
  build,
);

/** The documented fix: worker-3 reinstalled on Ubuntu 22.04 (kernel 5.15). */
export const ciliumDsrKernelUpgraded: Scenario = deriveFix(
  ciliumDsrOldKernel,
  {
    slug: 'cilium-dsr-kernel-upgraded',
    title: 'Cilium DSR with every node on kernel 5.15',
    story:
      "worker-3 was drained, upgraded to Ubuntu 22.04 with kernel 5.15 and uncordoned, so every node now meets the eBPF kube-proxy replacement's kernel floor. " +
      'Service translation happens in eBPF on every node, and DSR still returns LoadBalancer replies straight from the backend with the client IP intact.',
  },
  [
    {
      op: 'merge',
      target: { kind: 'Node', name: 'worker-3' },
      patch: { status: { nodeInfo: { kernelVersion: '5.15.0-122-generic', osImage: 'Ubuntu 22.04.5 LTS' } } },
    },
  ],
);
