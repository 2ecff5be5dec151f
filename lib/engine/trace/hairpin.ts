// A pod reaching itself through its own Service ("hairpin"): kube-proxy DNATs the
// Service address back to the pod and masquerades the packet (kubernetes/kubernetes
// pkg/proxy/iptables/proxier.go: "Handle traffic that loops back to the originator
// with SNAT", `-s POD_IP/32 -j KUBE-MARK-MASQ` in the KUBE-SEP chain; the nftables
// proxier has the same rule), so the pod sees a node address instead of its own.
// Which source the ingress policy judges depends on where the policy engine sits:
// iptables policy chains (Calico, flannel's engines) run in filter FORWARD, before nat
// POSTROUTING masquerades; Cilium skips policy for hairpin flows.

import type { Pod, Service } from '../../model/types';
import type { TraceContext } from './context';
import { ASSUMED_FACT } from './facts';
import { hairpinSource } from './node-source';
import { deliverToPod, podIP } from './pod-legs';
import { policyHop } from './policy-legs';

export function traceHairpin(ctx: TraceContext, pod: Pod, svc: Service, port: number): void {
  const { path, packet } = ctx;
  const node = pod.nodeName ?? '?';
  const own = podIP(pod);
  const hp = hairpinSource(ctx, pod);
  if (!policyHop(ctx, 'egress', pod, { type: 'pod', pod }, port)) return;
  // iptables policy engines judge in filter FORWARD, before nat POSTROUTING: the ingress
  // hop comes first there, with the pod's own address; otherwise after the masquerade.
  const ingress = (peer: { type: 'pod'; pod: Pod } | { type: 'ip'; ip: string }, judged: string) =>
    policyHop(ctx, 'ingress', pod, peer, port, { 'judged source': judged });
  const allowedFirst = hp.judged !== 'own' || ingress({ type: 'pod', pod }, `${own} (before the masquerade)`);
  // Denied before the masquerade: the snat hop is still drawn (not reached) to show what would follow.
  const id = path.add({
    kind: 'snat',
    label: `hairpin masquerade to ${hp.ip}`,
    node,
    src: hp.ip,
    dst: packet.dst,
    explain: `${svc.key} load-balanced ${pod.key} back to itself. ${hp.how}`,
    facts: {
      'src before': own,
      'src after': hp.ip,
      ...(hp.device ? { device: hp.device } : {}),
      'ingress policy judges':
        hp.judged === 'own'
          ? `${own} (the pod's own address)`
          : hp.judged === 'bypass'
            ? 'nothing (skipped for hairpin flows)'
            : `${hp.ip} (after the masquerade)`,
      ...(hp.assumed ? { [ASSUMED_FACT]: hp.judgedWhy } : {}),
    },
    refs: [{ kind: 'Service', namespace: svc.namespace, name: svc.name }],
    verify: hp.dataPlane,
  });
  const judgedText =
    hp.judged === 'own'
      ? `its ingress policy judges its own address ${own}`
      : hp.judged === 'bypass'
        ? 'no ingress policy is applied to the hairpin flow'
        : `its ingress policy judges ${hp.ip}`;
  path.raise(
    id,
    'HAIRPIN_SNAT',
    {
      pod: pod.key,
      service: svc.key,
      podIP: own,
      snatIP: hp.ip,
      ...(hp.device ? { device: hp.device } : {}),
      node,
      port,
      how: `${hp.how} Ingress policy: ${hp.judgedWhy}.`,
      judged: hp.judged,
      judgedText,
      dataPlane: hp.dataPlane,
    },
    [
      {
        kind: 'Service',
        namespace: svc.namespace,
        name: svc.name,
        field: 'spec.selector',
        value:
          Object.entries(svc.selector ?? {})
            .map(([k, v]) => `${k}=${v}`)
            .join(',') || '(none)',
      },
      { kind: 'Pod', namespace: pod.namespace, name: pod.name, field: 'status.podIP', value: own },
      ...hp.evidence,
    ],
  );
  if (!allowedFirst) return;
  packet.src = hp.ip;
  if (hp.judged === 'masqueraded' && !ingress({ type: 'ip', ip: hp.ip }, `${hp.ip} (after the masquerade)`))
    return;
  deliverToPod(ctx, pod, port);
}

/**
 * When the calling pod is one of several endpoints of the Service it calls, the trace
 * follows another one; the branch of the pod itself says that this share is hairpinned
 * (and how its ingress policy judges it).
 */
export function noteHairpinBranch(ctx: TraceContext, serviceHopId: string, pod: Pod): void {
  const input = ctx.path.inputOf(serviceHopId);
  const branches = input.branches ?? [];
  const i = branches.findIndex(
    (b) => b.target?.kind === 'Pod' && b.target.namespace === pod.namespace && b.target.name === pod.name,
  );
  if (i < 0 || branches[i]!.chosen) return;
  const hp = hairpinSource(ctx, pod);
  const note = `this pod itself: hairpin, masqueraded to ${hp.ip}; ingress policy judges ${hp.judged === 'own' ? 'its own address' : hp.judged === 'bypass' ? 'nothing (skipped)' : hp.ip}`;
  ctx.path.patch(serviceHopId, {
    branches: branches.map((b, k) => (k === i ? { ...b, note: b.note ? `${b.note}; ${note}` : note } : b)),
  });
}
