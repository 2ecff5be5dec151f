// DNS_BLOCKED_BY_DEFAULT_DENY per namespace: pods isolated for egress with no rule
// allowing UDP and TCP 53 to the cluster DNS. One pod per workload is checked (pods of a
// workload share labels); a namespace with policies but no pods is checked with a
// label-less stand-in pod, which an empty podSelector still selects. On a Cilium
// cluster a Cilium default deny (an egress-selected endpoint) counts the same way.

import type { ClusterModel, Pod } from '../../model/types';
import type { Finding } from '../types';
import { makeFinding } from '../findings/catalogue';
import { coreDnsOnlyPolicies, dnsBlockedFor } from './dns';
import { nodeLocalDns } from '../platform/nodelocal-dns';
import type { EvaluateOptions } from '../policy/types';
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
  if (model.ciliumPolicies?.length && ciliumEnforcement(model) === 'always')
    for (const ns of model.index.podsByNamespace.keys()) out.add(ns);
  for (const p of model.ciliumPolicies ?? []) {
    if (p.subject.type !== 'endpoints' || (!p.defaultDeny.egress && p.egressDeny.length === 0)) continue;
    if (p.namespace !== undefined) out.add(p.namespace);
    else for (const ns of model.index.podsByNamespace.keys()) out.add(ns);
  }
  return [...out].sort();
}

export function lintDns(
  model: ClusterModel,
  kubeProxyMode = 'iptables',
  options: EvaluateOptions = {},
): Finding[] {
  const out: Finding[] = [];
  const cache = nodeLocalDns(model, kubeProxyMode);
  // On Calico a GlobalNetworkPolicy can isolate any namespace: every namespace with pods is checked.
  const namespaces = model.calico
    ? [...new Set([...model.index.podsByNamespace.keys(), ...model.index.policiesByNamespace.keys()])].sort()
    : egressNamespaces(model);
  for (const namespace of namespaces) {
    const pods = model.index.podsByNamespace.get(namespace) ?? [];
    const representatives = new Map<string, Pod>();
    for (const p of pods)
      if (!representatives.has(`${p.workload.kind}/${p.workload.name}`))
        representatives.set(`${p.workload.kind}/${p.workload.name}`, p);
    const sample = representatives.size ? [...representatives.values()] : [standIn(namespace)];
    if (cache) out.push(...nodeLocalBlocked(model, namespace, sample, cache));
    const blocked = sample
      .map((pod) => ({ pod, block: dnsBlockedFor(model, pod, options) }))
      .filter((x) => x.block);
    if (blocked.length === 0) continue;
    const first = blocked[0]!.block!;
    const names = blocked.map((b) =>
      b.pod.workload.kind === 'Pod'
        ? b.pod.key
        : `${b.pod.namespace}/${b.pod.workload.name}[${b.pod.workload.kind}]`,
    );
    const missing = [...new Set(blocked.flatMap((b) => b.block!.missing))].sort((a, b) => b.localeCompare(a));
    const policyNames = [...new Set(blocked.flatMap((b) => b.block!.policies))].sort();
    out.push(
      makeFinding(
        'DNS_BLOCKED_BY_DEFAULT_DENY',
        {
          namespace,
          policies: policyNames,
          pods: names,
          missing,
          dnsTarget: first.target,
          ...(first.calicoTier ? { calicoTier: first.calicoTier } : {}),
        },
        blocked.flatMap((b) => b.block!.evidence),
      ),
    );
  }
  return out;
}

/**
 * NodeLocal DNSCache answers on the node (169.254.20.10 and/or the kube-dns ClusterIP,
 * not DNATed): egress rules that allow only the CoreDNS pods do not allow it, so the
 * pods' lookups are dropped (https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/).
 */
function nodeLocalBlocked(
  model: ClusterModel,
  namespace: string,
  sample: readonly Pod[],
  cache: NonNullable<ReturnType<typeof nodeLocalDns>>,
): Finding[] {
  const target = cache.clusterDNS ?? cache.addresses[0]!;
  const hits = sample
    .map((pod) => ({ pod, policies: coreDnsOnlyPolicies(model, pod, target, 'UDP') }))
    .filter((x) => x.policies.length > 0);
  if (hits.length === 0) return [];
  const policies = [...new Set(hits.flatMap((h) => h.policies))].sort();
  const node = hits[0]!.pod.nodeName ?? (cache.nodes ? [...cache.nodes][0] : undefined) ?? '(every node)';
  return [
    makeFinding(
      'NODELOCAL_DNS',
      {
        node,
        addresses: cache.addresses,
        ...(cache.clusterDNS ? { clusterDNS: cache.clusterDNS } : {}),
        pod: hits[0]!.pod.key,
        coreDnsOnly: policies,
      },
      [
        ...cache.evidence,
        ...policies.map((p) => {
          const ref = p.slice(p.indexOf(' ') + 1);
          return {
            kind: p.slice(0, p.indexOf(' ')),
            namespace: ref.split('/')[0] ?? namespace,
            name: ref.split('/')[1] ?? ref,
            field: 'spec.egress[].to',
            value: 'CoreDNS pods only (k8s-app=kube-dns)',
          };
        }),
      ],
    ),
  ];
}
