// Service-resolution and data-plane findings (kube-proxy modes, endpoints, eBPF).

import type { SpecTable } from './spec';
import { joinWords, kubectlRef, nameOf, nsOf } from './spec';
import { anywhere, atNode, dataPlaneStep, debugNode, inPod, onNode } from './verify-where';

type ServiceCodes =
  | 'NO_READY_ENDPOINTS'
  | 'TARGET_PORT_MISMATCH'
  | 'KUBE_PROXY_IPTABLES_SCALE'
  | 'KUBE_PROXY_MODE_ASSUMED'
  | 'EBPF_KERNEL_TOO_OLD'
  | 'SNAT_EGRESS_MASQUERADE'
  | 'SESSION_AFFINITY'
  | 'TARGET_PORT_UNDECLARED'
  | 'EXTERNAL_NAME_SERVICE'
  | 'HEADLESS_SERVICE'
  | 'NODELOCAL_DNS'
  | 'LB_SOURCE_RANGE_DENIED';

const REASONS = {
  'no-match': (p: { service: string; selector: string }) =>
    `the selector ${p.selector} of ${p.service} matches no pod`,
  'not-ready': (p: { notReady: readonly string[] }) =>
    `the selected pods are not ready (${joinWords([...p.notReady])})`,
  'no-selector': (p: { service: string }) =>
    `${p.service} has no selector and no EndpointSlice lists a ready address`,
  'itp-local': (p: { node?: string }) =>
    `internalTrafficPolicy: Local and no ready endpoint runs on ${p.node ?? 'the source node'}`,
} as const;

/** How each CNI exempts a destination from masquerading (flannel can only turn it off). */
const MASQ_EXEMPTION: Readonly<Record<string, string>> = {
  calico:
    'add an IPPool for the destination CIDR with `disabled: true`: Calico does not NAT traffic from a natOutgoing pool to another Calico pool',
  flannel:
    'remove --ip-masq from the kube-flannel DaemonSet: flannel has no per-destination exception, so this stops masquerading for all traffic leaving the pod network',
  cilium:
    'set `ipv4-native-routing-cidr` to cover the destination, or run ip-masq-agent with the destination in nonMasqueradeCIDRs (`enable-ip-masq-agent: "true"`)',
};

export const serviceSpecs: SpecTable<ServiceCodes> = {
  NO_READY_ENDPOINTS: {
    severity: 'error',
    title: 'Service has no ready endpoints',
    detail: (p) =>
      p.proxy
        ? `${p.proxy} finds no ready endpoint of ${p.service} in its EndpointSlices and answers 503 Service Unavailable: ${REASONS[p.reason](p)}.`
        : p.reason === 'itp-local'
          ? // kube-proxy: the Service has endpoints, just none on this node, so the filter verdict is DROP, not REJECT.
            `Connections to ${p.service} from ${p.node ?? 'this node'} are dropped and the client times out: ${REASONS[p.reason](p)}${p.endpointNodes?.length ? ` (endpoints run on ${joinWords([...p.endpointNodes])})` : ''}. kube-proxy programs no local endpoint chain on this node and drops the packet ("has no local endpoints"); there is no reject, so the client sees no "connection refused".`
          : `Connections to ${p.service} are rejected: ${REASONS[p.reason](p)}. kube-proxy answers with an ICMP port-unreachable (its REJECT rule "has no endpoints"), so the client gets "connection refused" at once.`,
    fix: (p) =>
      p.reason === 'no-match'
        ? `Make spec.selector of ${p.service} (${p.selector}) match the pod labels:\nkubectl get pods -n ${nsOf(p.service)} --show-labels`
        : p.reason === 'not-ready'
          ? `Find why the pods fail readiness:\nkubectl describe pod -n ${nsOf(p.service)} ${nameOf(p.notReady[0] ?? '')}`
          : p.reason === 'itp-local'
            ? `Run a replica on every node that sends to ${p.service} (a DaemonSet or topology spread), or set spec.internalTrafficPolicy: Cluster.`
            : `Give ${p.service} a selector, or create an EndpointSlice with ready addresses for it.`,
    verify: (p) => [
      anywhere(
        `kubectl get endpointslices -n ${nsOf(p.service)} -l kubernetes.io/service-name=${nameOf(p.service)}`,
      ),
      anywhere(`kubectl get pods -n ${nsOf(p.service)} -o wide`),
      ...(p.dataPlane ? [dataPlaneStep(p.dataPlane, p.node, 'the source node')] : []),
    ],
  },
  TARGET_PORT_MISMATCH: {
    severity: 'error',
    title: 'Service targetPort matches no container port',
    detail: (p) =>
      `${p.service} port ${p.port} forwards to targetPort ${p.targetPort}, but ${joinWords([...p.pods])} declare${p.pods.length > 1 ? '' : 's'} ${
        p.declared.length ? joinWords([...p.declared]) : 'no container ports'
      }: ${
        p.named
          ? `the name resolves to no port, so the EndpointSlice lists none of these pods for this port and ${p.proxy ? `${p.proxy} answers 503 Service Unavailable` : "kube-proxy rejects the connection on the client's node (connection refused)"}`
          : `connections reach the pod on a port nothing declares and are refused or time out there${p.proxy ? ` (${p.proxy} answers 502 Bad Gateway)` : ''}`
      }.`,
    fix: (p) =>
      `Point targetPort at the container port the app listens on:\nkubectl patch service ${kubectlRef(p.service)} --type=json -p '[{"op":"replace","path":"/spec/ports/${p.portIndex ?? 0}/targetPort","value":${
        /^\d+$/.test(p.declared[0]?.split(/[ /]/)[0] ?? '')
          ? p.declared[0]!.split(/[ /]/)[0]
          : `"${p.declared[0] ?? 'CONTAINER_PORT'}"`
      }}]'`,
    verify: (p) => [
      anywhere(
        `kubectl get endpointslices -n ${nsOf(p.service)} -l kubernetes.io/service-name=${nameOf(p.service)} -o yaml`,
      ),
      anywhere(
        `kubectl get pod -n ${nsOf(p.service)} ${nameOf(p.pods[0] ?? '')} -o jsonpath='{.spec.containers[*].ports}'`,
      ),
      ...(p.dataPlane ?? []).map((c) => dataPlaneStep(c, undefined, 'the source node')),
    ],
  },
  KUBE_PROXY_IPTABLES_SCALE: {
    severity: 'warning',
    title: 'iptables kube-proxy at scale',
    detail: (p) =>
      `kube-proxy runs in iptables mode with ${p.services} Services (${p.endpoints} endpoints): the first packet of each connection walks KUBE-SERVICES rule by rule, and every rule sync rewrites the whole table. Above about ${p.threshold} Services this costs measurable latency and CPU.`,
    fix: () =>
      'Switch kube-proxy to IPVS or nftables (set mode: "ipvs" or "nftables" in config.conf), or use an eBPF replacement such as Cilium kube-proxy-replacement:\nkubectl -n kube-system edit configmap kube-proxy\nkubectl -n kube-system rollout restart daemonset kube-proxy',
    verify: () => [
      onNode('any node', 'iptables -t nat -L KUBE-SERVICES -n | wc -l'),
      onNode('any node', 'iptables-save | wc -l'),
    ],
  },
  KUBE_PROXY_MODE_ASSUMED: {
    severity: 'info',
    title: 'kube-proxy mode assumed',
    detail: (p) =>
      `Neither ConfigMap kube-system/kube-proxy (config.conf) nor an eBPF replacement is in the snapshot, so the default ${p.assumed} mode was assumed.`,
    fix: () => 'Include it in the snapshot: kubectl get configmap -n kube-system kube-proxy -o yaml',
    verify: () => [
      onNode('any node', 'curl -s localhost:10249/proxyMode'),
      onNode('any node', 'iptables -t nat -L KUBE-SERVICES -n | head'),
    ],
  },
  EBPF_KERNEL_TOO_OLD: {
    severity: 'warning',
    title: 'Kernel too old for eBPF service handling',
    detail: (p) =>
      `${p.cni} replaces kube-proxy with eBPF, but node ${p.node} runs kernel ${p.kernel}; ${p.required} or newer is required for the full feature set (socket load-balancing, DSR, host routing).`,
    fix: (p) =>
      `Upgrade the kernel on ${p.node} to ${p.required}+ (or move the node to a newer OS image), or keep kube-proxy on that node.`,
    verify: (p) => [
      anywhere(`kubectl get node ${p.node} -o jsonpath='{.status.nodeInfo.kernelVersion}'`),
      onNode(p.node, 'bpftool feature probe | grep -i "program types"'),
      anywhere('kubectl -n kube-system exec ds/cilium -c cilium-agent -- cilium-dbg status --verbose'),
    ],
  },
  SNAT_EGRESS_MASQUERADE: {
    severity: 'info',
    title: 'Egress masqueraded to the node IP',
    detail: (p) =>
      `${p.cni} masquerades traffic leaving the pod network (${p.setting}): ${p.dst} sees ${p.nodeIP}, not the pod IP ${p.podIP}. Firewall rules and logs outside the cluster must allow node addresses.`,
    fix: (p) =>
      `Usually: allow ${p.nodeIP} (and the other nodes' addresses) at ${p.dst}. If the pod IP must stay visible, route the pod network in the underlay first, then ${MASQ_EXEMPTION[p.cni] ?? `turn masquerading off (${p.setting})`}.`,
    verify: (p) => [
      atNode(
        p.node,
        'the source node',
        'iptables -t nat -S POSTROUTING | grep -iE "masq|cali|flannel|cilium"',
      ),
      atNode(
        p.node,
        'the source node',
        `tcpdump -ni any host ${p.dst}`,
        `from the pod's veth the source is ${p.podIP}; on the uplink it is ${p.nodeIP}`,
      ),
    ],
  },
  SESSION_AFFINITY: {
    severity: 'info',
    title: 'Session affinity pins each client to one endpoint',
    detail: (p) =>
      `${p.service} has sessionAffinity: ClientIP: ${p.mechanism}. The first connection from ${p.clientIP} picks one of ${p.endpoints} endpoint${p.endpoints === 1 ? '' : 's'} at random; every later connection from that address goes to the same endpoint until ${p.timeoutSeconds} s pass without one, so load is split per client address, not per connection.`,
    fix: (p) =>
      `Nothing to fix if clients need stickiness. If a few client addresses (a NAT gateway, an ingress controller) carry most traffic, one endpoint gets all of it: drop affinity or shorten it:\nkubectl patch service ${kubectlRef(p.service)} -p '{"spec":{"sessionAffinity":"None"}}'`,
    verify: (p) => [
      anywhere(
        `kubectl get service ${kubectlRef(p.service)} -o jsonpath='{.spec.sessionAffinity} {.spec.sessionAffinityConfig.clientIP.timeoutSeconds}'`,
      ),
      ...p.dataPlane.map((c) => dataPlaneStep(c, undefined, 'the source node')),
    ],
  },
  TARGET_PORT_UNDECLARED: {
    severity: 'warning',
    title: 'Service targetPort is not declared by the pods',
    detail: (p) =>
      `${p.service} port ${p.port} forwards to targetPort ${p.targetPort}, which ${joinWords([...p.pods])} do${p.pods.length > 1 ? '' : 'es'} not declare (declared: ${p.declared.length ? joinWords([...p.declared]) : 'none'}). Container ports are informational: kube-proxy DNATs to ${p.targetPort} regardless, so the connection works if the process listens there and is refused by the pod if not.`,
    fix: (p) =>
      `Declare the port in the pod template so the intent is visible (and named ports work), or point targetPort at a declared port:\nkubectl patch service ${kubectlRef(p.service)} --type=json -p '[{"op":"replace","path":"/spec/ports/${p.portIndex ?? 0}/targetPort","value":${/^\d+$/.test(p.declared[0]?.split(/[ /]/)[0] ?? '') ? p.declared[0]!.split(/[ /]/)[0] : p.targetPort}}]'`,
    verify: (p) => [
      inPod(
        p.pods[0] ?? p.service,
        `sh -c 'ss -ltn 2>/dev/null || netstat -ltn' | grep -w ${p.targetPort}`,
        'is anything listening?',
      ),
      anywhere(
        `kubectl get pod -n ${nsOf(p.pods[0] ?? p.service)} ${nameOf(p.pods[0] ?? '')} -o jsonpath='{.spec.containers[*].ports}'`,
      ),
    ],
  },
  EXTERNAL_NAME_SERVICE: {
    severity: 'info',
    title: 'ExternalName Service is a DNS alias',
    detail: (p) =>
      `${p.service} is type ExternalName: cluster DNS answers ${nameOf(p.service)}.${nsOf(p.service)}.svc with a CNAME to ${p.externalName}. There is no ClusterIP and kube-proxy programs no rules; the client resolves ${p.externalName} and connects to whatever address that returns${p.port !== undefined ? ` on port ${p.port} (Service ports are not used)` : ''}, outside the cluster's Service data plane.`,
    fix: (p) =>
      `Nothing to fix. Egress policy must allow the address ${p.externalName} resolves to, and TLS clients must accept ${p.externalName} (not the Service name) in the certificate.`,
    verify: (p) => [
      anywhere(
        `kubectl run -it --rm dnscheck --image=busybox:1.36 --restart=Never -- nslookup ${nameOf(p.service)}.${nsOf(p.service)}.svc.cluster.local`,
      ),
      anywhere(`dig +short ${p.externalName}`),
    ],
  },
  HEADLESS_SERVICE: {
    severity: 'info',
    title: 'Headless Service: the client connects to a pod IP',
    detail: (p) =>
      `${p.service} is headless (clusterIP: None): DNS returns the ready pod addresses (${p.endpoints.length ? joinWords([...p.endpoints]) : 'none'}) as A records for ${p.domain}, the client picks one and connects to it directly. kube-proxy programs nothing for it: there is no DNAT and no load balancing beyond the client's own choice.`,
    fix: () =>
      'Nothing to fix. Clients that cache the first address (JVMs, long-lived pools) stick to one pod; give the Service a ClusterIP if you need kube-proxy balancing.',
    verify: (p) => [
      anywhere(`kubectl run -it --rm dnscheck --image=busybox:1.36 --restart=Never -- nslookup ${p.domain}`),
      anywhere(
        `kubectl get endpointslices -n ${nsOf(p.service)} -l kubernetes.io/service-name=${nameOf(p.service)}`,
      ),
    ],
  },
  NODELOCAL_DNS: {
    severity: 'info',
    title: 'NodeLocal DNSCache answers on the node',
    detail: (p) =>
      `node-local-dns on ${p.node} listens on ${joinWords([...p.addresses])} with NOTRACK rules, so DNS from ${p.pod ?? 'the pod'}${p.clusterDNS ? ` to ${p.clusterDNS}` : ''} is answered by the cache on the node (a hostNetwork pod) and never leaves it; only cache misses go on to CoreDNS. Egress NetworkPolicy must allow the node-local address${p.clusterDNS ? ` and ${p.clusterDNS}` : ''}, not only the CoreDNS pods.${
        p.coreDnsOnly.length
          ? ` ${joinWords([...p.coreDnsOnly])} allow${p.coreDnsOnly.length > 1 ? '' : 's'} DNS only to the CoreDNS pods, so lookups through the cache are dropped.`
          : ''
      }`,
    fix: (p) =>
      `Allow DNS to the cache's addresses as well as to the CoreDNS pods, e.g. an egress rule with\n  to: [{ipBlock: {cidr: ${p.addresses[0] ?? '169.254.20.10'}/32}}${p.clusterDNS ? `, {ipBlock: {cidr: ${p.clusterDNS}/32}}` : ''}]\n  ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]\n(some CNIs match node-local traffic by the node addresses instead: allow them too if the drop stays).`,
    verify: (p) => [
      anywhere(`kubectl -n kube-system get ds node-local-dns -o wide`),
      debugNode(
        p.node,
        `iptables -t raw -S | grep -F ${p.addresses[0] ?? '169.254.20.10'}`,
        'the NOTRACK rules',
      ),
      ...(p.pod
        ? [
            inPod(
              p.pod,
              `nslookup -timeout=3 kubernetes.default.svc.cluster.local ${p.addresses[0] ?? '169.254.20.10'}`,
            ),
          ]
        : []),
    ],
  },
  LB_SOURCE_RANGE_DENIED: {
    severity: 'error',
    title: 'Client outside loadBalancerSourceRanges',
    detail: (p) =>
      `${p.service} allows its load-balancer address ${p.lbIP} only from ${joinWords([...p.ranges])}; the client ${p.clientIP} is in none of them, so ${p.enforcer} drops the packet and the client times out.`,
    fix: (p) =>
      `If ${p.clientIP} should reach ${p.service}, add its range:\nkubectl patch service ${kubectlRef(p.service)} --type=json -p '[{"op":"add","path":"/spec/loadBalancerSourceRanges/-","value":"${p.clientIP}/32"}]'`,
    verify: (p) => [
      anywhere(`kubectl get service ${kubectlRef(p.service)} -o jsonpath='{.spec.loadBalancerSourceRanges}'`),
      ...p.dataPlane.map((c) => dataPlaneStep(c, undefined, 'the receiving node')),
    ],
  },
};
