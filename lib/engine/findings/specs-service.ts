// Service-resolution and data-plane findings (kube-proxy modes, endpoints, eBPF).

import type { SpecTable } from './spec';
import { joinWords, kubectlRef, nameOf, nsOf } from './spec';

type ServiceCodes =
  | 'NO_READY_ENDPOINTS'
  | 'TARGET_PORT_MISMATCH'
  | 'KUBE_PROXY_IPTABLES_SCALE'
  | 'KUBE_PROXY_MODE_ASSUMED'
  | 'EBPF_KERNEL_TOO_OLD'
  | 'SNAT_EGRESS_MASQUERADE';

const REASONS = {
  'no-match': (p: { service: string; selector: string }) => `the selector ${p.selector} of ${p.service} matches no pod`,
  'not-ready': (p: { notReady: readonly string[] }) => `the selected pods are not ready (${joinWords([...p.notReady])})`,
  'no-selector': (p: { service: string }) => `${p.service} has no selector and no EndpointSlice lists a ready address`,
  'itp-local': (p: { node?: string }) => `internalTrafficPolicy: Local and no ready endpoint runs on ${p.node ?? 'the source node'}`,
} as const;

/** How each CNI exempts a destination from masquerading (flannel can only turn it off). */
const MASQ_EXEMPTION: Readonly<Record<string, string>> = {
  calico: 'add an IPPool for the destination CIDR with `disabled: true`: Calico does not NAT traffic from a natOutgoing pool to another Calico pool',
  flannel: 'remove --ip-masq from the kube-flannel DaemonSet: flannel has no per-destination exception, so this stops masquerading for all traffic leaving the pod network',
  cilium: 'set `ipv4-native-routing-cidr` to cover the destination, or run ip-masq-agent with the destination in nonMasqueradeCIDRs (`enable-ip-masq-agent: "true"`)',
};

export const serviceSpecs: SpecTable<ServiceCodes> = {
  NO_READY_ENDPOINTS: {
    severity: 'error',
    title: 'Service has no ready endpoints',
    detail: (p) =>
      p.proxy
        ? `${p.proxy} finds no ready endpoint of ${p.service} in its EndpointSlices and answers 503 Service Unavailable: ${REASONS[p.reason](p)}.`
        : `Connections to ${p.service} are rejected: ${REASONS[p.reason](p)}.`,
    fix: (p) =>
      p.reason === 'no-match'
        ? `Make spec.selector of ${p.service} (${p.selector}) match the pod labels:\nkubectl get pods -n ${nsOf(p.service)} --show-labels`
        : p.reason === 'not-ready'
          ? `Find why the pods fail readiness:\nkubectl describe pod -n ${nsOf(p.service)} ${nameOf(p.notReady[0] ?? '')}`
          : p.reason === 'itp-local'
            ? `Run a replica on every node that sends to ${p.service} (a DaemonSet or topology spread), or set spec.internalTrafficPolicy: Cluster.`
            : `Give ${p.service} a selector, or create an EndpointSlice with ready addresses for it.`,
    verify: (p) => [`kubectl get endpointslices -n ${nsOf(p.service)} -l kubernetes.io/service-name=${nameOf(p.service)}`, `kubectl get pods -n ${nsOf(p.service)} -o wide`, ...(p.dataPlane ? [p.dataPlane] : [])],
  },
  TARGET_PORT_MISMATCH: {
    severity: 'error',
    title: 'Service targetPort matches no container port',
    detail: (p) =>
      `${p.service} port ${p.port} forwards to targetPort ${p.targetPort}, but ${joinWords([...p.pods])} declare${p.pods.length > 1 ? '' : 's'} ${
        p.declared.length ? joinWords([...p.declared]) : 'no container ports'
      }: ${
        p.named
          ? `the name resolves to no port, so the EndpointSlice lists none of these pods for this port and ${p.proxy ? `${p.proxy} answers 503 Service Unavailable` : 'kube-proxy rejects the connection on the client\'s node (connection refused)'}`
          : `connections reach the pod on a port nothing declares and are refused or time out there${p.proxy ? ` (${p.proxy} answers 502 Bad Gateway)` : ''}`
      }.`,
    fix: (p) =>
      `Point targetPort at the container port the app listens on:\nkubectl patch service ${kubectlRef(p.service)} --type=json -p '[{"op":"replace","path":"/spec/ports/${p.portIndex ?? 0}/targetPort","value":${
        /^\d+$/.test(p.declared[0]?.split(/[ /]/)[0] ?? '') ? p.declared[0]!.split(/[ /]/)[0] : `"${p.declared[0] ?? 'CONTAINER_PORT'}"`
      }}]'`,
    verify: (p) => [
      `kubectl get endpointslices -n ${nsOf(p.service)} -l kubernetes.io/service-name=${nameOf(p.service)} -o yaml`,
      `kubectl get pod -n ${nsOf(p.service)} ${nameOf(p.pods[0] ?? '')} -o jsonpath='{.spec.containers[*].ports}'`,
      ...(p.dataPlane ?? []),
    ],
  },
  KUBE_PROXY_IPTABLES_SCALE: {
    severity: 'warning',
    title: 'iptables kube-proxy at scale',
    detail: (p) =>
      `kube-proxy runs in iptables mode with ${p.services} Services (${p.endpoints} endpoints): the first packet of each connection walks KUBE-SERVICES rule by rule, and every rule sync rewrites the whole table. Above about ${p.threshold} Services this costs measurable latency and CPU.`,
    fix: () =>
      'Switch kube-proxy to IPVS or nftables (set mode: "ipvs" or "nftables" in config.conf), or use an eBPF replacement such as Cilium kube-proxy-replacement:\nkubectl -n kube-system edit configmap kube-proxy\nkubectl -n kube-system rollout restart daemonset kube-proxy',
    verify: () => ['iptables -t nat -L KUBE-SERVICES -n | wc -l', 'iptables-save | wc -l'],
  },
  KUBE_PROXY_MODE_ASSUMED: {
    severity: 'info',
    title: 'kube-proxy mode assumed',
    detail: (p) => `Neither ConfigMap kube-system/kube-proxy (config.conf) nor an eBPF replacement is in the snapshot, so the default ${p.assumed} mode was assumed.`,
    fix: () => 'Include it in the snapshot: kubectl get configmap -n kube-system kube-proxy -o yaml',
    verify: () => ['curl -s localhost:10249/proxyMode   # on a node', 'iptables -t nat -L KUBE-SERVICES -n | head'],
  },
  EBPF_KERNEL_TOO_OLD: {
    severity: 'warning',
    title: 'Kernel too old for eBPF service handling',
    detail: (p) => `${p.cni} replaces kube-proxy with eBPF, but node ${p.node} runs kernel ${p.kernel}; ${p.required} or newer is required for the full feature set (socket load-balancing, DSR, host routing).`,
    fix: (p) => `Upgrade the kernel on ${p.node} to ${p.required}+ (or move the node to a newer OS image), or keep kube-proxy on that node.`,
    verify: (p) => [`kubectl get node ${p.node} -o jsonpath='{.status.nodeInfo.kernelVersion}'`, 'bpftool feature probe | grep -i "program types"', 'cilium status --verbose'],
  },
  SNAT_EGRESS_MASQUERADE: {
    severity: 'info',
    title: 'Egress masqueraded to the node IP',
    detail: (p) => `${p.cni} masquerades traffic leaving the pod network (${p.setting}): ${p.dst} sees ${p.nodeIP}, not the pod IP ${p.podIP}. Firewall rules and logs outside the cluster must allow node addresses.`,
    fix: (p) => `Usually: allow ${p.nodeIP} (and the other nodes' addresses) at ${p.dst}. If the pod IP must stay visible, route the pod network in the underlay first, then ${MASQ_EXEMPTION[p.cni] ?? `turn masquerading off (${p.setting})`}.`,
    verify: (p) => ['iptables -t nat -S POSTROUTING | grep -iE "masq|cali|flannel|cilium"', `nsenter -t PID -n tcpdump -ni eth0 host ${p.dst}   # on the node: source is ${p.podIP}; on the uplink it is ${p.nodeIP}`],
  },
};
