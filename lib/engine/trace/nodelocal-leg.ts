// DNS from a pod to an address NodeLocal DNSCache binds (169.254.20.10, or the kube-dns
// ClusterIP with NOTRACK): answered by the hostNetwork cache on the pod's own node, so
// egress policy is judged against that address, never against a CoreDNS pod.
// https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/

import { SEEN_SOURCE_FACT } from './facts';
import type { Pod } from '../../model/types';
import { coreDnsOnlyPolicies } from '../lint/dns';
import type { NodeLocalDns } from '../platform/nodelocal-dns';
import { answersOn, nodeLocalDns } from '../platform/nodelocal-dns';
import type { TraceContext } from './context';
import { hostPort } from './context';
import { podIP, sourcePodHops } from './pod-legs';
import { policyHop } from './policy-legs';

/** The cache that answers `ip:port` for `pod`, when NodeLocal DNSCache does. */
export function nodeLocalFor(
  ctx: TraceContext,
  pod: Pod,
  ip: string,
  port: number | undefined,
): NodeLocalDns | undefined {
  if (port !== 53 || pod.hostNetwork) return undefined;
  const info = nodeLocalDns(ctx.model, ctx.platform.kubeProxy.mode);
  return info && answersOn(info, pod.nodeName, ip) ? info : undefined;
}

export function toNodeLocalDns(
  ctx: TraceContext,
  pod: Pod,
  info: NodeLocalDns,
  ip: string,
  port: number,
): void {
  const { path, packet, model } = ctx;
  const node = pod.nodeName ?? '(node)';
  packet.dst = hostPort(ip, port);
  sourcePodHops(ctx, pod);
  const cachePod = info.pods.find((p) => p.nodeName === node) ?? info.pods[0];
  const coreDnsOnly = coreDnsOnlyPolicies(model, pod, ip, ctx.protocol);
  const id = path.add({
    kind: 'service',
    label: `node-local-dns on ${node} answers ${hostPort(ip, port)}`,
    node,
    src: packet.src,
    dst: packet.dst,
    explain: `NodeLocal DNSCache runs on ${node} in the host network and binds ${info.addresses.join(' and ')}; its NOTRACK rules in the raw table skip conntrack${ip === info.clusterDNS ? ', so kube-proxy never DNATs the kube-dns ClusterIP to a CoreDNS pod' : ''}. The query is answered on the node; only cache misses go on to CoreDNS (through the kube-dns-upstream Service).`,
    facts: {
      'listen addresses': `${info.addresses.join(', ')}${info.assumed ? ' (assumed: the DaemonSet and ConfigMap do not say)' : ''}`,
      'kube-proxy': 'not involved (NOTRACK)',
      'dst after': hostPort(ip, port),
      ...(info.nodes === undefined
        ? { 'cache on node': 'assumed (DaemonSet, no pods in the snapshot)' }
        : {}),
    },
    verify: [`iptables -t raw -S | grep -F ${ip}   # on ${node}`, `ip addr show nodelocaldns   # on ${node}`],
    refs: [{ kind: 'DaemonSet', namespace: 'kube-system', name: 'node-local-dns' }],
  });
  path.raise(
    id,
    'NODELOCAL_DNS',
    {
      node,
      addresses: info.addresses,
      ...(info.clusterDNS ? { clusterDNS: info.clusterDNS } : {}),
      pod: pod.key,
      coreDnsOnly,
    },
    [
      ...info.evidence,
      ...coreDnsOnly.map((p) => {
        const [kind, ref] = [p.slice(0, p.indexOf(' ')), p.slice(p.indexOf(' ') + 1)];
        return {
          kind,
          namespace: ref.split('/')[0],
          name: ref.split('/')[1] ?? ref,
          field: 'spec.egress[].to',
          value: 'CoreDNS pods only (k8s-app=kube-dns)',
        };
      }),
    ],
  );
  if (!policyHop(ctx, 'egress', pod, { type: 'ip', ip }, port)) return;
  path.add({
    kind: 'endpoint',
    label: `${cachePod && cachePod.nodeName === node ? cachePod.key : 'node-local-dns'} on ${node}:${port}`,
    node,
    src: packet.src,
    dst: packet.dst,
    explain: `The cache on ${node} (a hostNetwork pod) answers the query; it sees the source address ${packet.src}. DNS never leaves the node.`,
    facts: { [SEEN_SOURCE_FACT]: packet.src, hostNetwork: 'true', 'pod IP': podIP(pod) },
    refs: cachePod ? [{ kind: 'Pod', namespace: cachePod.namespace, name: cachePod.name }] : [],
  });
}
