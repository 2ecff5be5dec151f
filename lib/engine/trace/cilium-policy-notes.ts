// What a policy hop adds on a cluster with Cilium policies: the L7 proxy's check of
// the URL trace's request against HTTP rules (POLICY_L7_RULE, and a denial when no
// rule admits it), DNS / Kafka rules reported, and toFQDNs rules whose verdict
// depends on DNS answers (POLICY_DEPENDS_ON_DNS). Evidence names the rule fields.

import type { Pod } from '../../model/types';
import type { Evidence } from '../types';
import type { DirectionVerdict, PeerEndpoint, PolicyRuleRef } from '../policy';
import { ciliumRefEvidence } from '../policy/cilium/evidence';
import { ciliumFqdnRules, ciliumL7, describeHTTPRule, type L7Request, type L7RuleSet } from '../policy/cilium/l7';
import { describeRuleRef } from '../policy/explain';
import type { TraceContext } from './context';
import { podIP } from './pod-legs';

function refName(ref: PolicyRuleRef): string {
  return ref.policy.namespace ? `${ref.policy.namespace}/${ref.policy.name}` : ref.policy.name;
}

/** Evidence for the Cilium rules that decided (empty when none is a Cilium rule). */
export function ciliumEvidence(model: TraceContext['model'], refs: readonly PolicyRuleRef[], pod: Pod, peer: PeerEndpoint): Evidence[] {
  return refs.flatMap((r) => {
    const e = ciliumRefEvidence(model, r, peer, pod.nodeName);
    return e ? [e] : [];
  });
}

function requestOf(ctx: TraceContext): L7Request | undefined {
  const r = ctx.request;
  if (!r) return undefined;
  const query = new URLSearchParams();
  for (const [k, vs] of r.query) for (const v of vs) query.append(k, v);
  const qs = query.toString();
  const host = r.headers.get('host');
  return { method: r.method, path: qs ? `${r.path}?${qs}` : r.path, headers: r.headers, ...(host !== undefined ? { host } : {}) };
}

function setText(set: L7RuleSet): string {
  const parts = [
    ...(set.http ? [`http ${set.http.map(describeHTTPRule).join('; ')}`] : []),
    ...(set.dns ? [`dns ${set.dns.map((d) => d.matchName ?? d.matchPattern).join(', ')}`] : []),
    ...(set.kafka ? [`kafka ${set.kafka.map((k) => Object.entries(k).map(([a, b]) => `${a}=${b}`).join(' ')).join('; ')}`] : []),
  ];
  return `${describeRuleRef(set.ref)} ${set.field.slice(set.field.lastIndexOf('.') + 1)}: ${parts.join('; ')}`;
}

function setEvidence(set: L7RuleSet): Evidence[] {
  const base = { kind: set.ref.policy.kind, name: set.ref.policy.name, ...(set.ref.policy.namespace ? { namespace: set.ref.policy.namespace } : {}) };
  return [
    ...(set.http ?? []).map((h, i) => ({ ...base, field: `${set.field}.rules.http[${i}]`, value: describeHTTPRule(h) })),
    ...(set.dns ?? []).map((d, i) => ({ ...base, field: `${set.field}.rules.dns[${i}]`, value: d.matchName ?? d.matchPattern ?? '' })),
    ...(set.kafka ?? []).map((k, i) => ({ ...base, field: `${set.field}.rules.kafka[${i}]`, value: Object.entries(k).map(([a, b]) => `${a}=${b}`).join(' ') })),
  ];
}

export interface CiliumNotes {
  /** Set when the proxy refuses the request: the reason, in words. */
  readonly denied?: string;
  readonly evidence: readonly Evidence[];
}

/**
 * Raises the Cilium L7 / DNS findings on policy hop `id` and says whether the proxy
 * refuses the request. Called only when the model holds Cilium policies.
 */
export function ciliumPolicyNotes(ctx: TraceContext, id: string, direction: 'egress' | 'ingress', pod: Pod, peer: PeerEndpoint, port: number,
  v: DirectionVerdict): CiliumNotes | undefined {
  const self: PeerEndpoint = { type: 'pod', pod };
  const base = { pod: pod.key, peer: peer.type === 'pod' ? `pod ${peer.pod.key} (${podIP(peer.pod)})` : peer.ip, peerIP: peer.type === 'pod' ? peer.pod.ips[0] : peer.ip, protocol: ctx.protocol, port };
  if (direction === 'egress') {
    const fqdn = ciliumFqdnRules(ctx.model, pod, peer, ctx.protocol, port);
    if (fqdn.length > 0) {
      const names = [...new Set(fqdn.flatMap((f) => f.names))];
      const assumed = v.allowed
        ? `another rule allows ${base.peer} whatever DNS answers, so the toFQDNs rule${fqdn.length > 1 ? 's do' : ' does'} not change this verdict.`
        : `${base.peer} is not among the addresses DNS returned for ${names.join(', ')}: the toFQDNs rule${fqdn.length > 1 ? 's are' : ' is'} read as not matching, so egress is denied; it would be allowed if the pod had resolved one of these names to ${base.peer}.`;
      const evidence = fqdn.flatMap((f) => f.rule.peers.flatMap((p) => (p.type === 'fqdn' ? [{ kind: f.policy.kind, name: f.policy.name, ...(f.policy.namespace ? { namespace: f.policy.namespace } : {}), field: p.field, value: p.matchName ?? p.matchPattern ?? '' }] : [])));
      ctx.path.raise(id, 'POLICY_DEPENDS_ON_DNS', { ...base, rules: fqdn.map((f) => describeRuleRef(f.ref)), names, assumed }, evidence);
    }
  }
  if (!v.allowed) return undefined;
  const l7 = direction === 'egress'
    ? ciliumL7(ctx.model, pod, peer, peer, 'Egress', ctx.protocol, port, requestOf(ctx))
    : ciliumL7(ctx.model, pod, peer, self, 'Ingress', ctx.protocol, port, requestOf(ctx));
  if (!l7 || l7.rules.length === 0 || l7.unrestricted) return undefined;
  const protocols = [...new Set(l7.rules.flatMap((s) => [...(s.http ? ['http'] : []), ...(s.dns ? ['dns'] : []), ...(s.kafka ? ['kafka'] : [])]))];
  const request = ctx.request ? `${ctx.request.method} ${requestOf(ctx)!.path}` : undefined;
  const outcome = l7.httpMatch === undefined ? 'depends' : l7.httpMatch === null ? 'denied' : 'allowed';
  const first = l7.rules[0]!.ref;
  const evidence = l7.rules.flatMap(setEvidence);
  const matched = l7.httpMatch ? `${describeRuleRef(l7.httpMatch.set.ref)} rules.http[${l7.httpMatch.index}] (${describeHTTPRule(l7.httpMatch.set.http![l7.httpMatch.index]!)})` : undefined;
  ctx.path.raise(id, 'POLICY_L7_RULE', {
    ...base, direction, rules: l7.rules.map(setText), protocols,
    ...(request ? { request } : {}), outcome, ...(matched ? { matched } : {}),
    policy: refName(first), policyKind: first.policy.kind,
  }, evidence);
  const allowedHTTP = l7.rules.flatMap((s) => (s.http ?? []).map(describeHTTPRule));
  if (outcome === 'denied') {
    const denied = `${request} matches no HTTP rule of ${[...new Set(l7.rules.map((s) => describeRuleRef(s.ref)))].join(', ')} (allowed: ${allowedHTTP.join('; ')}); the proxy answers 403 Access denied`;
    ctx.path.patch(id, { explain: `${v.explanation.replace(/\.$/, '')} at L3/L4, but the L7 proxy refuses the request: ${denied}.`, facts: { 'L7 proxy': `denies ${request} (403)` } });
    return { denied, evidence };
  }
  ctx.path.patch(id, { facts: { 'L7 proxy': outcome === 'allowed' ? `allows ${request}` : `filters ${protocols.join('/')} requests (${allowedHTTP.join('; ') || 'see rules'})` } });
  return { evidence };
}
