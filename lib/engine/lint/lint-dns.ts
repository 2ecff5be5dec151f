// DNS_BLOCKED_BY_DEFAULT_DENY per namespace: pods isolated for egress with no rule
// allowing UDP and TCP 53 to the cluster DNS. One pod per workload is checked (pods of a
// workload share labels); a namespace with policies but no pods is checked with a
// label-less stand-in pod, which an empty podSelector still selects. On a Cilium
// cluster a Cilium default deny (an egress-selected endpoint) counts the same way.

import type { ClusterModel, Pod } from '../../model/types';
import type { Finding } from '../types';
import { makeFinding } from '../findings/catalogue';
import { dnsBlockedFor } from './dns';
import { ciliumEnforcement } from '../policy/cilium/stage';

function standIn(namespace: string): Pod {
  return {
    key: `${namespace}/(any pod)`,
    namespace,
    name: '(any pod)',
    labels: {},
    annotations: {},
    ips: [],
    hostNetwork: false,
    ready: true,
    ports: [],
    workload: { namespace, kind: 'Pod', name: '(any pod)' },
    synthesized: true,
    origin: {},
  };
}

/**
 * Namespaces whose pods an egress policy may isolate: those with a NetworkPolicy listing
 * Egress, and on a Cilium cluster those a Cilium policy with egress rules can select
 * (a CiliumNetworkPolicy's own namespace; every namespace for a clusterwide policy).
 */
function egressNamespaces(model: ClusterModel): string[] {
  const out = new Set<string>();
  for (const [namespace, policies] of model.index.policiesByNamespace) {
    if (policies.some((p) => p.policyTypes.includes('Egress'))) out.add(namespace);
  }
  // Cilium enable-policy=always: every endpoint is in default deny.
  if (model.ciliumPolicies?.length && ciliumEnforcement(model) === 'always') for (const ns of model.index.podsByNamespace.keys()) out.add(ns);
  for (const p of model.ciliumPolicies ?? []) {
    if (p.subject.type !== 'endpoints' || (!p.defaultDeny.egress && p.egressDeny.length === 0)) continue;
    if (p.namespace !== undefined) out.add(p.namespace);
    else for (const ns of model.index.podsByNamespace.keys()) out.add(ns);
  }
  return [...out].sort();
}

export function lintDns(model: ClusterModel): Finding[] {
  const out: Finding[] = [];
  for (const namespace of egressNamespaces(model)) {
    const pods = model.index.podsByNamespace.get(namespace) ?? [];
    const representatives = new Map<string, Pod>();
    for (const p of pods) if (!representatives.has(`${p.workload.kind}/${p.workload.name}`)) representatives.set(`${p.workload.kind}/${p.workload.name}`, p);
    const sample = representatives.size ? [...representatives.values()] : [standIn(namespace)];
    const blocked = sample.map((pod) => ({ pod, block: dnsBlockedFor(model, pod) })).filter((x) => x.block);
    if (blocked.length === 0) continue;
    const first = blocked[0]!.block!;
    const names = blocked.map((b) => (b.pod.workload.kind === 'Pod' ? b.pod.key : `${b.pod.namespace}/${b.pod.workload.name}[${b.pod.workload.kind}]`));
    const missing = [...new Set(blocked.flatMap((b) => b.block!.missing))].sort((a, b) => b.localeCompare(a));
    const policyNames = [...new Set(blocked.flatMap((b) => b.block!.policies))].sort();
    out.push(makeFinding('DNS_BLOCKED_BY_DEFAULT_DENY', { namespace, policies: policyNames, pods: names, missing, dnsTarget: first.target }, blocked.flatMap((b) => b.block!.evidence)));
  }
  return out;
}
