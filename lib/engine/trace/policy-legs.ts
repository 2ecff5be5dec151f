// NetworkPolicy hops: egress at the source pod, ingress at the destination pod, from
// the evaluator's verdict. Denials name every selecting policy and why none matched.

import type { ObjectRef, Pod } from '../../model/types';
import type { Evidence } from '../types';
import { evaluateConnection, stageChain } from '../policy';
import type { DirectionVerdict, PeerEndpoint } from '../policy';
import { dnsBlockedFor } from '../lint/dns';
import {
  blocksCoveringPod,
  evaluateOptionsOf,
  hasIpBlock,
  ipBlockRule,
  type IpBlockRule,
} from '../policy/ipblock-rule';
import { selectingPolicies } from '../policy/selecting';
import { dataPlanePeer } from '../policy/host-network';
import type { TraceContext } from './context';
import { IPBLOCK_FACT } from './facts';
import { podIP } from './pod-legs';
import { calicoEvidence, calicoParams, chainText, passRefs, policyChainOf } from './calico-policy';
import { describeRuleRef } from '../policy/explain';
import { ciliumDenial, ciliumPolicyNotes, ciliumEvidence } from './cilium-policy-notes';
import { domainNameNotes } from './domain-name-notes';
import { allowPolicyFor } from './allow-policy';

function refText(r: ObjectRef): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}

function peerText(peer: PeerEndpoint): string {
  return peer.type === 'pod' ? `pod ${peer.pod.key} (${podIP(peer.pod)})` : peer.ip;
}

function policyEvidence(ctx: TraceContext, v: DirectionVerdict, pod: Pod, peer: PeerEndpoint): Evidence[] {
  if (v.decidedBy.length === 0 && v.selectingPolicies.length === 0) {
    const labels =
      Object.entries(pod.labels)
        .map(([k, x]) => `${k}=${x}`)
        .join(',') || '(none)';
    return [
      {
        kind: 'Pod',
        namespace: pod.namespace,
        name: pod.name,
        field: 'metadata.labels',
        value: `${labels} (no NetworkPolicy in ${pod.namespace} selects them for ${v.direction})`,
      },
    ];
  }
  const cilium = ciliumEvidence(ctx.model, v.decidedBy, pod, peer);
  if (cilium.length) return cilium;
  const refs = v.decidedBy.length
    ? v.decidedBy.map((d) => ({ ...d.policy, field: `spec.${d.direction.toLowerCase()}[${d.ruleIndex}]` }))
    : v.selectingPolicies.map((p) => ({ ...p, field: 'spec.podSelector' }));
  return refs.map((r) => ({
    kind: r.kind,
    name: r.name,
    ...(r.namespace ? { namespace: r.namespace } : {}),
    field: r.field,
    value: r.field.startsWith('spec.podSelector') ? 'selects the pod' : 'allows',
  }));
}

/** The ipBlock rule of this trace: the query's `ipblockPods`, else the detected CNI's. */
export function traceIpBlockRule(ctx: TraceContext): IpBlockRule {
  return ctx.ipBlock ?? ipBlockRule(ctx.platform.cni);
}

/**
 * IPBLOCK_COVERS_POD_IPS when an ipBlock of a policy selecting `pod` for `direction`
 * contains the peer pod's address: says which rule applied and what it did here.
 */
function raiseIpBlockCover(
  ctx: TraceContext,
  hopId: string,
  direction: 'egress' | 'ingress',
  pod: Pod,
  peer: PeerEndpoint,
  rule: IpBlockRule,
  allowed: boolean,
  port: number,
): void {
  if (peer.type !== 'pod' || peer.pod.hostNetwork) return;
  const dir = direction === 'egress' ? 'Egress' : 'Ingress';
  const policies = selectingPolicies(ctx.model, pod, dir).networkPolicies;
  for (const b of blocksCoveringPod(policies, dir, peer.pod)) {
    const who = `${peer.pod.key} (${b.ips.join(', ')})`;
    const excepted = b.excepted.length === b.ips.length;
    const effect =
      rule.mode === 'outside'
        ? `So this ipBlock does not match ${who}, and ${allowed ? 'another rule allows the connection' : 'no other rule allows it: the connection is denied'}.`
        : excepted
          ? `${who} is listed in except, so this ipBlock does not match it; ${allowed ? 'another rule allows the connection' : 'the connection is denied'}.`
          : `So rule #${b.ruleIndex} matches ${who}${allowed ? ' and the connection is allowed' : ', but its ports do not allow this connection'}.`;
    const from = direction === 'egress' ? pod : peer.pod;
    const to = direction === 'egress' ? peer.pod : pod;
    ctx.path.raise(
      hopId,
      'IPBLOCK_COVERS_POD_IPS',
      {
        policy: b.policy.key,
        field: b.field,
        cidr: b.block.cidr,
        except: b.block.except,
        pods: [who],
        ips: b.ips,
        mode: rule.mode,
        why: rule.why,
        effect,
        probe: `kubectl exec -n ${from.namespace} ${from.name} -- nc -zv -w 3 ${podIP(to)} ${port}`,
      },
      [
        {
          kind: 'NetworkPolicy',
          namespace: b.policy.namespace,
          name: b.policy.name,
          field: b.field,
          value: b.block.cidr,
        },
        ...(b.block.except.length
          ? [
              {
                kind: 'NetworkPolicy',
                namespace: b.policy.namespace,
                name: b.policy.name,
                field: b.field.replace(/\.cidr$/, '.except'),
                value: b.block.except.join(', '),
              },
            ]
          : []),
        {
          kind: 'Pod',
          namespace: peer.pod.namespace,
          name: peer.pod.name,
          field: 'status.podIP',
          value: b.ips.join(', '),
        },
      ],
    );
  }
}

/**
 * Adds a policy hop for `direction` at `pod` and returns whether the packet passes.
 * `peer` is the other side as the policy sees it (after any NAT). `facts` add to the hop.
 */
export function policyHop(
  ctx: TraceContext,
  direction: 'egress' | 'ingress',
  pod: Pod,
  asked: PeerEndpoint,
  port: number,
  facts: Readonly<Record<string, string>> = {},
): boolean {
  const self: PeerEndpoint = { type: 'pod', pod };
  // A host-network peer is its node's address to every policy engine.
  const peer = dataPlanePeer(asked);
  const hostPeer = asked.type === 'pod' && peer.type === 'ip' ? asked.pod : undefined;
  const rule = traceIpBlockRule(ctx);
  const options = evaluateOptionsOf(rule);
  const verdict =
    direction === 'egress'
      ? evaluateConnection(ctx.model, self, peer, ctx.protocol, port, options)
      : evaluateConnection(ctx.model, peer, self, ctx.protocol, port, options);
  const v = direction === 'egress' ? verdict.egress : verdict.ingress;
  const dir = direction === 'egress' ? 'Egress' : 'Ingress';
  const showsIpBlock = hasIpBlock(selectingPolicies(ctx.model, pod, dir).networkPolicies, dir);
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
      ...(v.selectingPolicies.length
        ? { 'selecting policies': v.selectingPolicies.map(refText).join(', ') }
        : {}),
      ...(showsIpBlock ? { [IPBLOCK_FACT]: rule.fact } : {}),
      ...(hostPeer && peer.type === 'ip'
        ? { 'peer as policy sees it': `${peer.ip} (host-network pod ${hostPeer.key})` }
        : {}),
      ...facts,
      ...(v.calico
        ? {
            'calico tiers': chainText(policyChainOf(v)) || 'no tier selects this endpoint',
            'decided in tier': v.calico.tier,
          }
        : {}),
      ...(v.calico?.assumptions.length ? { assumed: v.calico.assumptions.join('; ') } : {}),
    },
    refs: v.selectingPolicies,
    ...(v.calico ? { policyChain: policyChainOf(v) } : { policyChain: stageChain(ctx.model, v) }),
  });
  raiseIpBlockCover(ctx, id, direction, pod, peer, rule, v.allowed, port);
  const base = {
    pod: pod.key,
    peer: hostPeer
      ? `${peer.type === 'ip' ? peer.ip : ''} (host-network pod ${hostPeer.key}: its node's address; pod selectors never match it)`
      : peerText(peer),
    peerIP: peer.type === 'pod' ? peer.pod.ips[0] : peer.ip,
    protocol: ctx.protocol,
    port,
  };
  const calico = v.calico ? calicoParams(ctx.model, v, pod, peer, ctx.protocol, port) : undefined;
  const passes = passRefs(v);
  if (passes.length > 0) {
    const tiers = [
      ...new Set(passes.map((r) => r.calicoTier ?? (r.tier === 'admin' ? 'AdminNetworkPolicy' : r.tier))),
    ];
    const decidedBy = calico?.decidedBy ?? v.explanation.replace(/\.$/, '');
    ctx.path.raise(
      id,
      'POLICY_TIER_PASS',
      { ...base, direction, passes: passes.map(describeRuleRef), tiers, decidedBy, allowed: v.allowed },
      passes.map((r) => ({
        kind: r.policy.kind,
        name: r.policy.name,
        ...(r.policy.namespace ? { namespace: r.policy.namespace } : {}),
        field: `spec.${r.direction.toLowerCase()}[${r.ruleIndex}].action`,
        value: 'Pass',
      })),
    );
  }
  // Cilium: L7 rules checked by the proxy and toFQDNs rules (cilium-policy-notes.ts).
  const l7 = ctx.model.ciliumPolicies?.length
    ? ciliumPolicyNotes(ctx, id, direction, pod, peer, port, v)
    : undefined;
  if (
    direction === 'egress' &&
    ctx.model.adminPolicies.length + (ctx.model.baselineClusterPolicies?.length ?? 0) > 0
  )
    domainNameNotes(ctx, id, pod, peer, port, v);
  if (!v.allowed || l7?.denied) {
    const policies = v.selectingPolicies.map(refText);
    const cilium = calico ? [] : ciliumEvidence(ctx.model, v.decidedBy, pod, peer);
    const evidence = l7?.denied
      ? l7.evidence
      : calico
        ? calicoEvidence(ctx.model, v, pod)
        : cilium.length
          ? cilium
          : v.selectingPolicies.map((p) => ({
              kind: p.kind,
              name: p.name,
              ...(p.namespace ? { namespace: p.namespace } : {}),
              field: p.kind.startsWith('Cilium') ? 'spec.endpointSelector' : 'spec.policyTypes',
              value: p.kind.startsWith('Cilium')
                ? `selects the pod (default deny for ${direction})`
                : direction === 'egress'
                  ? 'Egress'
                  : 'Ingress',
            }));
    const code = direction === 'egress' ? 'POLICY_EGRESS_DENIED' : 'POLICY_INGRESS_DENIED';
    const reasons = l7?.denied ? [l7.denied] : v.reasons.length ? v.reasons : [v.explanation];
    const cni = ctx.model.ciliumPolicies?.length
      ? ciliumDenial(ctx.model, v, direction, pod, peer, base.peer, port, ctx.protocol, l7)
      : undefined;
    // The exact NetworkPolicy that would allow this connection, from the what-if suggestion
    // engine (Calico and Cilium denials carry their own fix).
    const allow =
      calico || cni || l7?.denied
        ? undefined
        : allowPolicyFor(ctx.model, direction, self, peer, ctx.protocol, port);
    ctx.path.raise(
      id,
      code,
      {
        ...base,
        policies,
        reasons,
        ...(calico ? { calico } : {}),
        ...(cni ? { cni } : {}),
        ...(allow ? { allow } : {}),
      },
      evidence,
    );
    ctx.path.drop(id, true, l7?.denied ? `the Cilium proxy answers 403: ${l7.denied}` : undefined);
  } else {
    const rules = calico
      ? v.decidedBy.filter((d) => d.action !== 'Pass').map(describeRuleRef)
      : v.decidedBy.map(
          (d) =>
            `${refText(d.policy)} ${d.ruleList ?? d.direction.toLowerCase()} rule #${d.ruleIndex}${d.ruleName ? ` (${d.ruleName})` : ''}`,
        );
    ctx.path.raise(
      id,
      'POLICY_ALLOWED_BY',
      {
        ...base,
        direction,
        rules,
        explanation: v.decidedAt === 'default' ? '' : v.explanation,
        ...(calico ? { calico } : {}),
      },
      calico && calicoEvidence(ctx.model, v, pod).length > 0
        ? calicoEvidence(ctx.model, v, pod)
        : policyEvidence(ctx, v, pod, peer),
    );
  }
  if (direction === 'egress') {
    const dns = dnsBlockedFor(ctx.model, pod, options);
    if (dns)
      ctx.path.raise(
        id,
        'DNS_BLOCKED_BY_DEFAULT_DENY',
        {
          namespace: pod.namespace,
          policies: dns.policies,
          pods: [pod.key],
          missing: dns.missing,
          dnsTarget: dns.target,
        },
        dns.evidence,
      );
  }
  return v.allowed && !l7?.denied;
}
