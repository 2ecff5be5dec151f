// Whether a pod's egress policies let it reach the cluster DNS on UDP and TCP 53.
// Used by traces (on the source pod's egress hop) and by the snapshot lint.

import type { ClusterModel, ObjectRef, Pod } from '../../model/types';
import { selectPods } from '../../model/selectors';
import { evaluateConnection } from '../policy';
import type { EvaluateOptions } from '../policy';
import type { Evidence } from '../types';
import { calicoDecidedBy, calicoEvidence } from '../trace/calico-policy';
import { ciliumRefEvidence } from '../policy/cilium/evidence';

export interface DnsBlock {
  /** `UDP 53`, `TCP 53`: what is not allowed. */
  readonly missing: readonly string[];
  readonly policies: readonly string[];
  readonly target: string;
  readonly evidence: readonly Evidence[];
  /** Calico: the tier that denied DNS (the fix belongs there). */
  readonly calicoTier?: string;
}

const DNS_SELECTOR = { matchLabels: { 'k8s-app': 'kube-dns' } };

/** A stand-in DNS pod when the snapshot holds none (manifests only). */
const PLACEHOLDER_DNS: Pod = {
  key: 'kube-system/coredns',
  namespace: 'kube-system',
  name: 'coredns',
  labels: { 'k8s-app': 'kube-dns' },
  annotations: {},
  ips: [],
  hostNetwork: false,
  ready: true,
  ports: [
    { name: 'dns', containerPort: 53, protocol: 'UDP', container: 'coredns' },
    { name: 'dns-tcp', containerPort: 53, protocol: 'TCP', container: 'coredns' },
  ],
  workload: { namespace: 'kube-system', kind: 'Deployment', name: 'coredns' },
  synthesized: true,
  origin: {},
};

const dnsPodCache = new WeakMap<ClusterModel, Pod>();

/** The cluster DNS pod egress is checked against: the first kube-dns pod, or a stand-in. */
export function dnsPod(model: ClusterModel): Pod {
  let pod = dnsPodCache.get(model);
  if (!pod) {
    const found = selectPods(model, 'kube-system', DNS_SELECTOR);
    pod = found.find((p) => p.ready) ?? found[0] ?? PLACEHOLDER_DNS;
    dnsPodCache.set(model, pod);
  }
  return pod;
}

function refText(r: ObjectRef): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}

/** Undefined when DNS is reachable (or the pod is the DNS itself); else what is blocked and by whom. */
export function dnsBlockedFor(
  model: ClusterModel,
  pod: Pod,
  options: EvaluateOptions = {},
): DnsBlock | undefined {
  const dns = dnsPod(model);
  if (pod.key === dns.key || pod.hostNetwork) return undefined;
  const missing: string[] = [];
  let selecting: readonly ObjectRef[] = [];
  const calicoEvidences: Evidence[] = [];
  const calicoPolicies: string[] = [];
  let calicoTier: string | undefined;
  const denyEvidence: Evidence[] = [];
  for (const protocol of ['UDP', 'TCP'] as const) {
    const v = evaluateConnection(
      model,
      { type: 'pod', pod },
      { type: 'pod', pod: dns },
      protocol,
      53,
      options,
    ).egress;
    if (!v.allowed) {
      missing.push(`${protocol} 53`);
      selecting = v.selectingPolicies;
      // On Calico the denial is a Deny rule or a tier's end (a GlobalNetworkPolicy default deny).
      if (v.calico) {
        calicoEvidences.push(...calicoEvidence(model, v, pod));
        calicoPolicies.push(calicoDecidedBy(v));
        calicoTier = v.calico.tier;
      }
      // A Cilium egressDeny rule that covers DNS: name the rule, not only the policy.
      for (const ref of v.decidedBy) {
        const e = ciliumRefEvidence(model, ref, { type: 'pod', pod: dns }, pod.nodeName);
        if (e && !denyEvidence.some((x) => x.name === e.name && x.field === e.field)) denyEvidence.push(e);
      }
    }
  }
  if (missing.length === 0) return undefined;
  if (calicoPolicies.length > 0) {
    return {
      missing,
      policies: [...new Set(calicoPolicies)],
      target: dns.key,
      evidence: calicoEvidences,
      ...(calicoTier ? { calicoTier } : {}),
    };
  }
  const policies = selecting.map(refText);
  // Cilium policies put a pod into egress default deny by selecting it (endpointSelector).
  const evidence: Evidence[] = [
    ...denyEvidence,
    ...selecting.map((p) => ({
      kind: p.kind,
      name: p.name,
      ...(p.namespace ? { namespace: p.namespace } : {}),
      field: p.kind.startsWith('Cilium') ? 'spec.endpointSelector' : 'spec.policyTypes',
      value: p.kind.startsWith('Cilium')
        ? 'selects the pod for egress (no rule allows port 53 to kube-dns)'
        : 'Egress (no rule allows port 53 to kube-dns)',
    })),
  ];
  return {
    missing,
    policies,
    target: `${dns.key}${dns.synthesized && dns === PLACEHOLDER_DNS ? ' (k8s-app=kube-dns)' : ''}`,
    evidence,
  };
}

/** Egress policies whose rules let `pod` reach the CoreDNS pods on 53 while `ip` (the cache) stays denied. */
export function coreDnsOnlyPolicies(
  model: ClusterModel,
  pod: Pod,
  ip: string,
  protocol: 'TCP' | 'UDP' | 'SCTP',
): string[] {
  const toCache = evaluateConnection(model, { type: 'pod', pod }, { type: 'ip', ip }, protocol, 53).egress;
  if (toCache.allowed) return [];
  const toCoreDns = evaluateConnection(
    model,
    { type: 'pod', pod },
    { type: 'pod', pod: dnsPod(model) },
    protocol,
    53,
  ).egress;
  // Name the policies whose rules let DNS through to CoreDNS: those are the ones to widen.
  return toCoreDns.allowed ? [...new Set(toCoreDns.decidedBy.map((d) => refText(d.policy)))] : [];
}
