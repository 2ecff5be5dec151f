// NetworkPolicy hops: egress at the source pod, ingress at the destination pod, from
// the evaluator's verdict. Denials name every selecting policy and why none matched.

import type { ObjectRef, Pod } from '../../model/types';
import type { Evidence } from '../types';
import { evaluateConnection } from '../policy';
import type { DirectionVerdict, PeerEndpoint } from '../policy';
import { dnsBlockedFor } from '../lint/dns';
import type { TraceContext } from './context';
import { podIP } from './pod-legs';
import { ciliumDenial, ciliumPolicyNotes, ciliumEvidence } from './cilium-policy-notes';
import { domainNameNotes } from './domain-name-notes';

function refText(r: ObjectRef): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}

function peerText(peer: PeerEndpoint): string {
  return peer.type === 'pod' ? `pod ${peer.pod.key} (${podIP(peer.pod)})` : peer.ip;
}

function policyEvidence(ctx: TraceContext, v: DirectionVerdict, pod: Pod, peer: PeerEndpoint): Evidence[] {
  if (v.decidedBy.length === 0 && v.selectingPolicies.length === 0) {
    const labels = Object.entries(pod.labels).map(([k, x]) => `${k}=${x}`).join(',') || '(none)';
    return [{ kind: 'Pod', namespace: pod.namespace, name: pod.name, field: 'metadata.labels', value: `${labels} (no NetworkPolicy in ${pod.namespace} selects them for ${v.direction})` }];
  }
  const cilium = ciliumEvidence(ctx.model, v.decidedBy, pod, peer);
  if (cilium.length) return cilium;
  const refs = v.decidedBy.length ? v.decidedBy.map((d) => ({ ...d.policy, field: `spec.${d.direction.toLowerCase()}[${d.ruleIndex}]` })) : v.selectingPolicies.map((p) => ({ ...p, field: 'spec.podSelector' }));
  return refs.map((r) => ({ kind: r.kind, name: r.name, ...(r.namespace ? { namespace: r.namespace } : {}), field: r.field, value: r.field.startsWith('spec.podSelector') ? 'selects the pod' : 'allows' }));
}

/**
 * Adds a policy hop for `direction` at `pod` and returns whether the packet passes.
 * `peer` is the other side as the policy sees it (after any NAT).
 */
export function policyHop(ctx: TraceContext, direction: 'egress' | 'ingress', pod: Pod, peer: PeerEndpoint, port: number): boolean {
  const self: PeerEndpoint = { type: 'pod', pod };
  const verdict = direction === 'egress' ? evaluateConnection(ctx.model, self, peer, ctx.protocol, port) : evaluateConnection(ctx.model, peer, self, ctx.protocol, port);
  const v = direction === 'egress' ? verdict.egress : verdict.ingress;
  const id = ctx.path.add({
    kind: direction === 'egress' ? 'policy-egress' : 'policy-ingress',
    label: `${direction} policy of ${pod.key}`,
    node: pod.nodeName,
    src: ctx.packet.src,
    dst: ctx.packet.dst,
    explain: v.explanation,
    facts: {
      isolated: String(v.isolated),
      'decided at': v.decidedAt,
      ...(v.selectingPolicies.length ? { 'selecting policies': v.selectingPolicies.map(refText).join(', ') } : {}),
    },
    refs: v.selectingPolicies,
  });
  const base = { pod: pod.key, peer: peerText(peer), peerIP: peer.type === 'pod' ? peer.pod.ips[0] : peer.ip, protocol: ctx.protocol, port };
  // Cilium: L7 rules checked by the proxy and toFQDNs rules (cilium-policy-notes.ts).
  const l7 = ctx.model.ciliumPolicies?.length ? ciliumPolicyNotes(ctx, id, direction, pod, peer, port, v) : undefined;
  if (direction === 'egress' && ctx.model.adminPolicies.length + (ctx.model.baselineClusterPolicies?.length ?? 0) > 0) domainNameNotes(ctx, id, pod, peer, port, v);
  if (!v.allowed || l7?.denied) {
    const policies = v.selectingPolicies.map(refText);
    const cilium = ciliumEvidence(ctx.model, v.decidedBy, pod, peer);
    const evidence = l7?.denied ? l7.evidence : cilium.length ? cilium : v.selectingPolicies.map((p) => ({ kind: p.kind, name: p.name, ...(p.namespace ? { namespace: p.namespace } : {}), field: p.kind.startsWith('Cilium') ? 'spec.endpointSelector' : 'spec.policyTypes', value: p.kind.startsWith('Cilium') ? `selects the pod (default deny for ${direction})` : direction === 'egress' ? 'Egress' : 'Ingress' }));
    const code = direction === 'egress' ? 'POLICY_EGRESS_DENIED' : 'POLICY_INGRESS_DENIED';
    const reasons = l7?.denied ? [l7.denied] : v.reasons.length ? v.reasons : [v.explanation];
    const cni = ctx.model.ciliumPolicies?.length ? ciliumDenial(ctx.model, v, direction, pod, peer, base.peer, port, ctx.protocol, l7) : undefined;
    ctx.path.raise(id, code, { ...base, policies, reasons, ...(cni ? { cni } : {}) }, evidence);
    ctx.path.drop(id, true, l7?.denied ? `the Cilium proxy answers 403: ${l7.denied}` : undefined);
  } else {
    const rules = v.decidedBy.map((d) => `${refText(d.policy)} ${d.ruleList ?? d.direction.toLowerCase()} rule #${d.ruleIndex}${d.ruleName ? ` (${d.ruleName})` : ''}`);
    ctx.path.raise(id, 'POLICY_ALLOWED_BY', { ...base, direction, rules, explanation: v.decidedAt === 'default' ? '' : v.explanation }, policyEvidence(ctx, v, pod, peer));
  }
  if (direction === 'egress') {
    const dns = dnsBlockedFor(ctx.model, pod);
    if (dns) ctx.path.raise(id, 'DNS_BLOCKED_BY_DEFAULT_DENY', { namespace: pod.namespace, policies: dns.policies, pods: [pod.key], missing: dns.missing, dnsTarget: dns.target }, dns.evidence);
  }
  return v.allowed && !l7?.denied;
}
