// Pod (or node) to an address outside the cluster: routing, SNAT when the CNI
// masquerades (Calico natOutgoing, Flannel --ip-masq, Cilium masquerade), the uplink.

import { underlayMTU } from '../platform/mtu';
import type { TraceContext } from './context';
import { hostPort } from './context';
import { SEEN_SOURCE_FACT } from './facts';
import { masqueradesTo } from './node-source';
import type { Source } from './in-cluster';
import { policyHop } from './policy-legs';
import { nodeHop, noteAssumed } from './transit';

export function toExternal(ctx: TraceContext, src: Source, ip: string, port: number | undefined): void {
  const { model, path, packet } = ctx;
  if (src.type === 'pod' && !policyHop(ctx, 'egress', src.pod, { type: 'ip', ip }, port ?? 443)) return;
  const nodeName = src.type === 'pod' ? src.pod.nodeName : src.node;
  if (!nodeName) return;
  const node = model.nodes.get(nodeName);
  const nodeIP = node?.internalIPs[0] ?? nodeName;
  nodeHop(ctx, nodeName, `${ip} (outside the cluster) via the default route`);
  if (src.type === 'pod') masqueradeHop(ctx, nodeName, nodeIP, ip);
  const under = underlayMTU(model, nodeName);
  const upId = path.add({
    kind: 'underlay',
    label: `${nodeName} uplink`,
    node: nodeName,
    mtu: under.value,
    src: packet.src,
    dst: packet.dst,
    explain: `The packet leaves ${nodeName} on its physical interface towards ${ip}.`,
    facts: { 'underlay MTU': `${under.value}${under.assumed ? ' (assumed)' : ''}` },
  });
  if (packet.size > under.value)
    path.raise(
      upId,
      'MTU_FRAGMENTATION_RISK',
      { hop: `${nodeName} uplink`, node: nodeName, size: packet.size, mtu: under.value, dst: ip },
      under.evidence,
    );
  noteAssumed(ctx, upId, [nodeName], [under.assumed]);
  path.add({
    kind: 'external',
    label: `${hostPort(ip, port)} (outside the cluster)`,
    src: packet.src,
    dst: hostPort(ip, port),
    explain: `The destination ${ip} is outside the cluster; it sees the source ${packet.src}.`,
    facts: { [SEEN_SOURCE_FACT]: packet.src },
  });
}

/**
 * The CNI's outgoing masquerade of pod traffic to `dstIP` (Calico natOutgoing: outside
 * every IP pool, other nodes' addresses included; flannel --ip-masq: outside its
 * Network; Cilium: outside the cluster), as a snat hop. No hop when it does not apply.
 */
export function masqueradeHop(ctx: TraceContext, nodeName: string, nodeIP: string, dstIP: string): void {
  const { path, packet, platform } = ctx;
  const cni = platform.cni;
  const why = masqueradesTo(ctx, dstIP);
  if (!why) return;
  const before = packet.src;
  packet.src = nodeIP;
  const id = path.add({
    kind: 'snat',
    label: `masquerade to ${nodeIP}`,
    node: nodeName,
    src: packet.src,
    dst: packet.dst,
    explain: `${nodeName} rewrites the source ${before} to its own address ${nodeIP}: ${why}.`,
    facts: { 'src before': before, 'src after': nodeIP },
  });
  path.raise(
    id,
    'SNAT_EGRESS_MASQUERADE',
    {
      cni: cni.name,
      node: nodeName,
      podIP: before,
      nodeIP,
      dst: dstIP,
      setting:
        cni.masqueradeEvidence.map((e) => `${e.kind} ${e.name} ${e.field} = ${e.value}`).join('; ') ||
        'masquerade enabled',
    },
    cni.masqueradeEvidence,
  );
}
