// What a policy hop adds on a cluster with Cilium policies: the L7 proxy's check of
// the URL trace's request against HTTP rules (POLICY_L7_RULE, and a denial when no
// rule admits it), DNS / Kafka rules reported, and toFQDNs rules whose verdict
// depends on DNS answers (POLICY_DEPENDS_ON_DNS). Evidence names the rule fields.

import type { Pod } from '../../model/types';
import type { Evidence } from '../types';
import type { CniDenial } from '../findings/params';
import type { DirectionVerdict, PeerEndpoint, PolicyRuleRef } from '../policy';
import { ciliumRefEvidence } from '../policy/cilium/evidence';
import {
  ciliumFqdnRules,
  ciliumL7,
  describeHTTPRule,
  type L7Request,
  type L7RuleSet,
} from '../policy/cilium/l7';
import { describeRuleRef } from '../policy/explain';
import { containsConnection } from '../net/connection-set';
import type { ClusterModel, Protocol } from '../../model/types';
import { policyRuleMatches } from '../policy/peers';
import { policyRuleConnections } from '../policy/ports';
import { selectingPolicies } from '../policy/selecting';
import { peerIdentity } from '../policy/cilium/identity';
import { ciliumRuleConnections, ciliumRuleMatches } from '../policy/cilium/match';
import { ciliumLists, ciliumSelecting } from '../policy/cilium/stage';
import type { TraceContext } from './context';
import { podIP } from './pod-legs';

function refName(ref: PolicyRuleRef): string {
  return ref.policy.namespace ? `${ref.policy.namespace}/${ref.policy.name}` : ref.policy.name;
}

/** Evidence for the Cilium rules that decided (empty when none is a Cilium rule). */
export function ciliumEvidence(
  model: TraceContext['model'],
  refs: readonly PolicyRuleRef[],
  pod: Pod,
  peer: PeerEndpoint,
): Evidence[] {
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
  return {
    method: r.method,
    path: qs ? `${r.path}?${qs}` : r.path,
    headers: r.headers,
    ...(host !== undefined ? { host } : {}),
  };
}

function setText(set: L7RuleSet): string {
  const parts = [
    ...(set.http ? [`http ${set.http.map(describeHTTPRule).join('; ')}`] : []),
    ...(set.dns ? [`dns ${set.dns.map((d) => d.matchName ?? d.matchPattern).join(', ')}`] : []),
    ...(set.kafka
      ? [
          `kafka ${set.kafka
            .map((k) =>
              Object.entries(k)
                .map(([a, b]) => `${a}=${b}`)
                .join(' '),
            )
            .join('; ')}`,
        ]
      : []),
  ];
  return `${describeRuleRef(set.ref)} ${set.field.slice(set.field.lastIndexOf('.') + 1)}: ${parts.join('; ')}`;
}

function setEvidence(set: L7RuleSet): Evidence[] {
  const base = {
    kind: set.ref.policy.kind,
    name: set.ref.policy.name,
    ...(set.ref.policy.namespace ? { namespace: set.ref.policy.namespace } : {}),
  };
  return [
    ...(set.http ?? []).map((h, i) => ({
      ...base,
      field: `${set.field}.rules.http[${i}]`,
      value: describeHTTPRule(h),
    })),
    ...(set.dns ?? []).map((d, i) => ({
      ...base,
      field: `${set.field}.rules.dns[${i}]`,
      value: d.matchName ?? d.matchPattern ?? '',
    })),
    ...(set.kafka ?? []).map((k, i) => ({
      ...base,
      field: `${set.field}.rules.kafka[${i}]`,
      value: Object.entries(k)
        .map(([a, b]) => `${a}=${b}`)
        .join(' '),
    })),
  ];
}

export interface CiliumNotes {
  /** Set when the proxy refuses the request: the reason, in words. */
  readonly denied?: string;
  /** `GET /api/orders`: the request the proxy refused. */
  readonly request?: string;
  readonly evidence: readonly Evidence[];
}

/**
 * Raises the Cilium L7 / DNS findings on policy hop `id` and says whether the proxy
 * refuses the request. Called only when the model holds Cilium policies.
 */
export function ciliumPolicyNotes(
  ctx: TraceContext,
  id: string,
  direction: 'egress' | 'ingress',
  pod: Pod,
  peer: PeerEndpoint,
  port: number,
  v: DirectionVerdict,
): CiliumNotes | undefined {
  const self: PeerEndpoint = { type: 'pod', pod };
  const base = {
    pod: pod.key,
    peer: peer.type === 'pod' ? `pod ${peer.pod.key} (${podIP(peer.pod)})` : peer.ip,
    peerIP: peer.type === 'pod' ? peer.pod.ips[0] : peer.ip,
    protocol: ctx.protocol,
    port,
  };
  if (direction === 'egress') {
    const fqdn = ciliumFqdnRules(ctx.model, pod, peer, ctx.protocol, port);
    if (fqdn.length > 0) {
      const names = [...new Set(fqdn.flatMap((f) => f.names))];
      const assumed = v.allowed
        ? `another rule allows ${base.peer} whatever DNS answers, so the toFQDNs rule${fqdn.length > 1 ? 's do' : ' does'} not change this verdict.`
        : `${base.peer} is not among the addresses DNS returned for ${names.join(', ')}: the toFQDNs rule${fqdn.length > 1 ? 's are' : ' is'} read as not matching, so egress is denied; it would be allowed if the pod had resolved one of these names to ${base.peer}.`;
      const evidence = fqdn.flatMap((f) =>
        f.rule.peers.flatMap((p) =>
          p.type === 'fqdn'
            ? [
                {
                  kind: f.policy.kind,
                  name: f.policy.name,
                  ...(f.policy.namespace ? { namespace: f.policy.namespace } : {}),
                  field: p.field,
                  value: p.matchName ?? p.matchPattern ?? '',
                },
              ]
            : [],
        ),
      );
      ctx.path.raise(
        id,
        'POLICY_DEPENDS_ON_DNS',
        { ...base, rules: fqdn.map((f) => describeRuleRef(f.ref)), names, assumed },
        evidence,
      );
    }
  }
  if (!v.allowed) return undefined;
  const l7 =
    direction === 'egress'
      ? ciliumL7(ctx.model, pod, peer, peer, 'Egress', ctx.protocol, port, requestOf(ctx))
      : ciliumL7(ctx.model, pod, peer, self, 'Ingress', ctx.protocol, port, requestOf(ctx));
  if (!l7 || l7.rules.length === 0 || l7.unrestricted) return undefined;
  const protocols = [
    ...new Set(
      l7.rules.flatMap((s) => [
        ...(s.http ? ['http'] : []),
        ...(s.dns ? ['dns'] : []),
        ...(s.kafka ? ['kafka'] : []),
      ]),
    ),
  ];
  const request = ctx.request ? `${ctx.request.method} ${requestOf(ctx)!.path}` : undefined;
  const outcome = l7.httpMatch === undefined ? 'depends' : l7.httpMatch === null ? 'denied' : 'allowed';
  const first = l7.rules[0]!.ref;
  const evidence = l7.rules.flatMap(setEvidence);
  const matched = l7.httpMatch
    ? `${describeRuleRef(l7.httpMatch.set.ref)} rules.http[${l7.httpMatch.index}] (${describeHTTPRule(l7.httpMatch.set.http![l7.httpMatch.index]!)})`
    : undefined;
  ctx.path.raise(
    id,
    'POLICY_L7_RULE',
    {
      ...base,
      direction,
      rules: l7.rules.map(setText),
      protocols,
      ...(request ? { request } : {}),
      outcome,
      ...(matched ? { matched } : {}),
      policy: refName(first),
      policyKind: first.policy.kind,
    },
    evidence,
  );
  const allowedHTTP = l7.rules.flatMap((s) => (s.http ?? []).map(describeHTTPRule));
  if (outcome === 'denied') {
    const denied = `${request} matches no HTTP rule of ${[...new Set(l7.rules.map((s) => describeRuleRef(s.ref)))].join(', ')} (allowed: ${allowedHTTP.join('; ')}); the proxy answers 403 Access denied`;
    ctx.path.patch(id, {
      explain: `${v.explanation.replace(/\.$/, '')} at L3/L4, but the L7 proxy refuses the request: ${denied}.`,
      facts: { 'L7 proxy': `denies ${request} (403)` },
    });
    return { denied, evidence, ...(request ? { request } : {}) };
  }
  ctx.path.patch(id, {
    facts: {
      'L7 proxy':
        outcome === 'allowed'
          ? `allows ${request}`
          : `filters ${protocols.join('/')} requests (${allowedHTTP.join('; ') || 'see rules'})`,
    },
  });
  return { evidence };
}

/** `kubectl get` of a Cilium object by ref. */
function kubectlGet(ref: PolicyRuleRef): string {
  const kind = ref.policy.kind.toLowerCase();
  return ref.policy.namespace
    ? `kubectl get ${kind} -n ${ref.policy.namespace} ${ref.policy.name} -o yaml`
    : `kubectl get ${kind} ${ref.policy.name} -o yaml`;
}

/**
 * The denial text when Cilium's own semantics decided: a deny rule (which no allow
 * overrides, so the fix is to narrow the deny) or the L7 proxy (the fix is an HTTP rule).
 * Undefined for a plain default deny, where adding an allow is the fix.
 */
/** Allow rules (NetworkPolicy and Cilium) that cover the connection but lose to a deny rule. */
function overriddenAllows(
  model: ClusterModel,
  pod: Pod,
  peer: PeerEndpoint,
  direction: 'egress' | 'ingress',
  protocol: Protocol,
  port: number,
): string[] {
  const dir = direction === 'egress' ? 'Egress' : 'Ingress';
  const dst: PeerEndpoint = direction === 'egress' ? peer : { type: 'pod', pod };
  const out: string[] = [];
  for (const np of selectingPolicies(model, pod, dir).networkPolicies) {
    (dir === 'Egress' ? np.egress : np.ingress).forEach((rule, i) => {
      if (
        policyRuleMatches(model, np, rule, peer, {}) &&
        containsConnection(policyRuleConnections(rule, dst), protocol, port)
      )
        out.push(`NetworkPolicy ${np.namespace}/${np.name} ${direction} rule #${i}`);
    });
  }
  const id = peerIdentity(model, peer, pod.nodeName);
  for (const p of ciliumSelecting(model, { type: 'pod', pod }, dir)) {
    const { allow, allowList } = ciliumLists(p, dir);
    allow.forEach((rule, i) => {
      if (
        ciliumRuleMatches(model, rule, id) &&
        containsConnection(ciliumRuleConnections(rule, dst), protocol, port)
      ) {
        out.push(`${p.kind} ${p.namespace ? `${p.namespace}/` : ''}${p.name} ${allowList} rule #${i}`);
      }
    });
  }
  return out;
}

export function ciliumDenial(
  model: ClusterModel,
  v: DirectionVerdict,
  direction: 'egress' | 'ingress',
  pod: Pod,
  peer: PeerEndpoint,
  peerText: string,
  port: number,
  protocol: Protocol,
  notes: CiliumNotes | undefined,
): CniDenial | undefined {
  const to = direction === 'egress' ? 'to' : 'from';
  if (notes?.denied) {
    const e = notes.evidence[0];
    return {
      detail: `${protocol} ${port} ${to} ${peerText} is allowed at L3/L4 for ${pod.key}, but Cilium's proxy checks each request: ${notes.denied}.`,
      fix: `Add the request to the HTTP rules of ${e ? `${e.kind} ${e.namespace ? `${e.namespace}/` : ''}${e.name} (${e.field.replace(/\.rules\.http\[\d+\]$/, '.rules.http')})` : 'the CiliumNetworkPolicy'}: ${httpEntry(notes.request)} (method and path are extended regular expressions, matched against the whole value; write a pattern such as "/api/orders(/.*)?" to cover sub-paths).`,
      verify: [
        ...(e
          ? [
              `kubectl get ${e.kind.toLowerCase()}${e.namespace ? ` -n ${e.namespace}` : ''} ${e.name} -o yaml`,
            ]
          : []),
        `kubectl -n kube-system exec ds/cilium -- hubble observe --namespace ${pod.namespace} --protocol http --last 20   # on the node of ${pod.key}`,
      ],
    };
  }
  const denies = v.decidedBy.filter((r) => r.ruleList?.endsWith('Deny'));
  if (v.allowed || denies.length === 0) return undefined;
  const rules = denies.map(describeRuleRef);
  const overridden = overriddenAllows(model, pod, peer, direction, protocol, port);
  const lost = overridden.length
    ? ` ${joinRules(overridden)} ${overridden.length > 1 ? 'allow' : 'allows'} it, but loses to the deny.`
    : '';
  return {
    detail: `${direction === 'egress' ? 'Egress' : 'Ingress'} of ${pod.key} on ${protocol} ${port} ${to} ${peerText} is denied by ${joinRules(rules)}. On Cilium a deny rule takes precedence over every allow, from a NetworkPolicy, a CiliumNetworkPolicy or a CiliumClusterwideNetworkPolicy, so no allow rule can open it.${lost}`,
    fix: `Narrow the deny itself: edit ${denies.map((r) => `${r.field} of ${r.policy.kind} ${refName(r)}`).join(' and ')} so that it no longer covers ${peerText} — for example replace toEntities: [world] with toCIDRSet: [{cidr: 0.0.0.0/0, except: [<the address>/32]}], add toPorts to limit it, or exclude ${pod.key}'s labels from its endpointSelector.`,
    verify: [
      ...new Set(denies.map(kubectlGet)),
      `kubectl -n kube-system exec ds/cilium -- hubble observe --verdict DROPPED --pod ${pod.key} --last 20   # on the node of ${pod.key}`,
    ],
  };
}

function joinRules(rules: readonly string[]): string {
  return rules.length <= 1
    ? (rules[0] ?? '')
    : `${rules.slice(0, -1).join(', ')} and ${rules[rules.length - 1]}`;
}

/** `{method: "GET", path: "/api/orders"}` for `GET /api/orders` (query string dropped). */
function httpEntry(request: string | undefined): string {
  const [method, path] = (request ?? 'GET /').split(' ');
  return `add {method: "${method ?? 'GET'}", path: "${(path ?? '/').split('?')[0]}"}`;
}
