// Entry from outside: LoadBalancer (cloud, MetalLB), NodePort, traffic policies.

import type { SpecTable } from './spec';
import { anywhere, debugNode, onNode } from './verify-where';
import { joinWords, kubectlRef, nameOf, nsOf } from './spec';

type EntryCodes =
  | 'CLIENT_IP_LOST_ETP_CLUSTER'
  | 'ETP_LOCAL_NO_LOCAL_ENDPOINT'
  | 'ETP_LOCAL_UNEVEN_SPREAD'
  | 'LB_PENDING'
  | 'METALLB_NOT_ADVERTISED'
  | 'METALLB_L2_SINGLE_NODE'
  | 'IPVS_STRICT_ARP_REQUIRED'
  | 'NODEPORT_EXPOSED';

export const entrySpecs: SpecTable<EntryCodes> = {
  CLIENT_IP_LOST_ETP_CLUSTER: {
    severity: 'warning',
    title: 'Client IP lost (externalTrafficPolicy: Cluster)',
    detail: (p) =>
      `${p.service} has externalTrafficPolicy: Cluster, so ${p.node} may forward the packet to another node and SNATs it to ${p.nodeIP}${p.device ? ` (the address of ${p.device}, the overlay device it leaves by)` : ''}: the backend sees ${p.nodeIP}, not the client ${p.clientIP}. Logs, geo-blocking, ipBlock policies and X-Forwarded-For headers written by a proxy behind it see the node.`,
    fix: (p) =>
      `Keep the client IP with externalTrafficPolicy: Local (only nodes with a ready endpoint then answer; spread the pods over the nodes):\nkubectl patch service ${kubectlRef(p.service)} -p '{"spec":{"externalTrafficPolicy":"Local"}}'`,
    verify: (p) => [
      anywhere(`kubectl get service ${kubectlRef(p.service)} -o jsonpath='{.spec.externalTrafficPolicy}'`),
      debugNode(p.node, 'iptables -t nat -L KUBE-POSTROUTING -n'),
      debugNode(p.node, 'conntrack -L -p tcp | head'),
    ],
  },
  ETP_LOCAL_NO_LOCAL_ENDPOINT: {
    severity: 'error',
    title: 'externalTrafficPolicy: Local without a local endpoint',
    detail: (p) =>
      `${p.service} has externalTrafficPolicy: Local and ${p.node} has no ready endpoint (endpoints run on ${
        p.endpointNodes.length ? joinWords([...p.endpointNodes]) : 'no node'
      }): the node drops the traffic and fails the health check${p.healthCheckNodePort ? ` on port ${p.healthCheckNodePort}` : ''}. ${
        p.endpointNodes.length > 0 && p.endpointNodes.length < p.nodeCount
          ? `Only ${p.endpointNodes.length} of ${p.nodeCount} nodes can take this traffic, so load is uneven.`
          : ''
      }`.trim(),
    fix: (p) =>
      `Run an endpoint on every node that receives traffic (DaemonSet or topology spread), make sure the load balancer honours the health check, or set externalTrafficPolicy: Cluster:\nkubectl patch service ${kubectlRef(p.service)} -p '{"spec":{"externalTrafficPolicy":"Cluster"}}'`,
    verify: (p) => [
      anywhere(
        `kubectl get endpointslices -n ${nsOf(p.service)} -l kubernetes.io/service-name=${nameOf(p.service)} -o wide`,
      ),
      ...(p.healthCheckNodePort
        ? [
            p.nodeIP
              ? anywhere(
                  `curl -s http://${p.nodeIP}:${p.healthCheckNodePort}/healthz`,
                  `${p.node}: 503 and localEndpoints 0 while it has no endpoint`,
                )
              : debugNode(
                  p.node,
                  `curl -s http://localhost:${p.healthCheckNodePort}/healthz`,
                  '503 and localEndpoints 0 while it has no endpoint',
                ),
          ]
        : []),
    ],
  },
  ETP_LOCAL_UNEVEN_SPREAD: {
    severity: 'warning',
    title: 'externalTrafficPolicy: Local spreads load per node, not per pod',
    detail: (p) => {
      const share = (n: number) => `${Math.round(1000 / p.nodes.length / n) / 10}%`;
      return `${p.service} has externalTrafficPolicy: Local, so the load balancer splits traffic evenly between nodes and each node only between its own endpoints: ${joinWords(
        p.nodes.map((x) => `${x.node} holds ${x.endpoints} (${share(x.endpoints)} of the traffic per pod)`),
      )}. Pods on crowded nodes idle while the others run hot.`;
    },
    fix: (p) =>
      `Keep the same number of ready endpoints on every node that receives traffic (a DaemonSet, or topologySpreadConstraints with maxSkew: 1 on kubernetes.io/hostname and replicas a multiple of the node count); or use externalTrafficPolicy: Cluster where the client IP is not needed:\nkubectl patch service ${kubectlRef(p.service)} -p '{"spec":{"externalTrafficPolicy":"Cluster"}}'`,
    verify: (p) => [
      anywhere(
        `kubectl get endpointslices -n ${nsOf(p.service)} -l kubernetes.io/service-name=${nameOf(p.service)} -o jsonpath='{range .items[*].endpoints[*]}{.nodeName}{"\\n"}{end}' | sort | uniq -c`,
      ),
    ],
  },
  LB_PENDING: {
    severity: 'error',
    title: 'LoadBalancer address pending',
    detail: (p) =>
      `${p.service} is type LoadBalancer but has no external IP (EXTERNAL-IP <pending>): ${p.why}`,
    fix: (p) =>
      p.reservedPool
        ? `Request the pool by name (MetalLB assigns from an autoAssign: false pool only to Services that ask for it), or set autoAssign: true on the pool:\nkubectl annotate service ${kubectlRef(p.service)} metallb.io/address-pool=${p.reservedPool.name}`
        : `Install a load-balancer implementation (MetalLB on bare metal) and give it an address pool of free addresses on the nodes' network${p.pool ? '' : ' (replace the example range)'}, kept out of DHCP:\nkubectl apply -f - <<'EOF'\napiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: first-pool, namespace: metallb-system}\nspec: {addresses: [${p.pool ?? '192.168.10.240-192.168.10.250'}]}\n---\napiVersion: metallb.io/v1beta1\nkind: L2Advertisement\nmetadata: {name: l2, namespace: metallb-system}\nEOF`,
    verify: (p) => [
      anywhere(`kubectl get service ${kubectlRef(p.service)}`),
      anywhere(`kubectl describe service ${kubectlRef(p.service)} | tail -n 20`),
      anywhere('kubectl get ipaddresspools,l2advertisements,bgpadvertisements -A'),
    ],
  },
  METALLB_NOT_ADVERTISED: {
    severity: 'error',
    title: 'MetalLB pool not advertised',
    detail: (p) =>
      `IPAddressPool ${p.poolNamespace}/${p.pool} assigned ${p.ip} to ${p.service}, but no L2Advertisement or BGPAdvertisement selects the pool: no node answers ARP for ${p.ip} and no route is announced, so clients cannot reach it.`,
    fix: (p) =>
      `Announce pool ${p.pool} with an L2Advertisement (or a BGPAdvertisement for BGP):\nkubectl apply -f - <<'EOF'\napiVersion: metallb.io/v1beta1\nkind: L2Advertisement\nmetadata:\n  name: ${p.pool}-l2\n  namespace: ${p.poolNamespace}\nspec:\n  ipAddressPools: [${p.pool}]\nEOF`,
    verify: (p) => [
      anywhere(`kubectl get l2advertisements,bgpadvertisements -n ${p.poolNamespace} -o yaml`),
      onNode('a host on the same L2 segment', `arping -c 3 ${p.ip}`),
    ],
  },
  METALLB_L2_SINGLE_NODE: {
    severity: 'info',
    title: 'MetalLB L2: one node carries the address',
    detail: (p) =>
      `In L2 mode a single node answers ARP for ${p.ip} and receives all traffic for ${p.service}${p.elected ? ` (now ${p.node})` : ` (${p.node} is one candidate; the elected node is not in the snapshot)`}; if it fails, failover takes a few seconds while clients relearn the MAC.`,
    fix: () =>
      'Use BGP mode (BGPAdvertisement with BGPPeer) to spread traffic across nodes, or accept the failover time.',
    verify: (p) => [
      onNode('a host on the same L2 segment', `arping -c 3 ${p.ip}`, `the MAC that answers is ${p.node}'s`),
      anywhere('kubectl get servicel2statuses -A', 'MetalLB ≥ 0.14'),
      anywhere(`kubectl describe service ${kubectlRef(p.service)} | grep -i announcing`),
    ],
  },
  IPVS_STRICT_ARP_REQUIRED: {
    severity: 'error',
    title: 'IPVS needs strictARP for MetalLB L2',
    detail: (p) =>
      `kube-proxy in IPVS mode binds every Service address${p.ip ? ` (including ${p.ip})` : ''} to kube-ipvs0 on all nodes; with strictARP off, every node answers ARP for it and MetalLB's L2 announcement is undermined.`,
    fix: () =>
      "Turn on strictARP in kube-proxy's IPVS settings and restart it:\nkubectl get configmap kube-proxy -n kube-system -o yaml | sed -e 's/strictARP: false/strictARP: true/' | kubectl apply -f - -n kube-system && kubectl -n kube-system rollout restart daemonset kube-proxy",
    verify: () => [
      onNode('any node', 'ipvsadm -Ln'),
      onNode(
        'any node',
        'sysctl net.ipv4.conf.all.arp_ignore net.ipv4.conf.all.arp_announce',
        'expect 1 and 2',
      ),
    ],
  },
  NODEPORT_EXPOSED: {
    severity: 'warning',
    title: 'Node port open on every node',
    detail: (p) =>
      `${p.service} (${p.type}) opens port ${p.nodePort} on all ${p.nodes} node${p.nodes === 1 ? '' : 's'}' addresses: anyone who reaches a node IP reaches the service, past any load balancer or WAF.`,
    fix: (p) =>
      `Firewall ${p.nodePort} on the nodes so that only the load balancer and the networks that need it reach it (spec.loadBalancerSourceRanges filters the LoadBalancer address only, never the node port), limit the node addresses kube-proxy opens node ports on (KubeProxyConfiguration nodePortAddresses), or expose it through an Ingress/Gateway and make the Service ClusterIP${
        p.type === 'LoadBalancer'
          ? ' (or set spec.allocateLoadBalancerNodePorts: false where the load balancer does not need node ports, as with MetalLB)'
          : ''
      }.`,
    verify: (p) => [
      onNode('a host outside the cluster', `nc -zv -w 3 ${p.sampleNodeIP ?? 'NODE_IP'} ${p.nodePort}`),
      onNode('any node', `iptables -t nat -L KUBE-NODEPORTS -n | grep ${p.nodePort}`),
    ],
  },
};
