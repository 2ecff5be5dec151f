// Whether a NetworkPolicy ipBlock also matches pod addresses. The Kubernetes API leaves
// it to the implementation, and the implementations differ:
//   - Calico (and Canal: flannel for routing, Felix for policy) and most other plugins
//     turn an ipBlock into a plain address match, so a pod's /32 inside `cidr` is
//     matched and one listed in `except` is not; the upstream NetworkPolicy e2e suite
//     (kubernetes/kubernetes test/e2e/network/netpol) expects exactly that.
//   - Cilium first classifies a peer as in-cluster (an endpoint identity) or outside,
//     and applies CIDR rules only to peers outside the cluster: an ipBlock never
//     matches a pod (cilium/cilium#9209, listed as a known gap in Cilium's Kubernetes
//     compatibility docs).
// An unknown CNI gets the upstream expectation. The user can state it explicitly
// (`--ipblock-pods`, the API's `ipblockPods`), and every verdict says which applied.

import type { ClusterModel, IPBlock, NetworkPolicy, Pod, PolicyDirection } from '../../model/types';
import type { CniInfo } from '../platform/types';
import { cidrContains, cidrMatcher, ipBlockContains } from '../net/ip';
import type { EvaluateOptions } from './types';

// The modes are part of the trace query (lib/model/trace-query), defined there once.
import type { IpBlockPodsMode } from '../../model/trace-query';
export { IPBLOCK_PODS_MODES, type IpBlockPodsMode } from '../../model/trace-query';

export interface IpBlockRule {
  readonly mode: IpBlockPodsMode;
  /** `option`: stated by the user; `cni`: follows the detected CNI; `assumed`: CNI unknown. */
  readonly basis: 'option' | 'cni' | 'assumed';
  /** The hop fact: `yes (Calico)`, `no (Cilium: only addresses outside the cluster)`, `yes (assumed: unknown CNI)`. */
  readonly fact: string;
  /** Why this rule applies, in one clause. */
  readonly why: string;
}

const CNI_TITLE: Readonly<Record<CniInfo['name'], string>> = {
  calico: 'Calico',
  cilium: 'Cilium',
  flannel: 'Flannel',
  unknown: 'unknown CNI',
};

/** The rule that applies: the user's choice, else the detected CNI's behaviour. */
export function ipBlockRule(cni: CniInfo, requested?: IpBlockPodsMode): IpBlockRule {
  if (requested) {
    return {
      mode: requested,
      basis: 'option',
      fact: `${requested === 'match' ? 'yes' : 'no'} (--ipblock-pods ${requested})`,
      why:
        requested === 'match'
          ? 'stated with --ipblock-pods match: ipBlocks match pod addresses too'
          : 'stated with --ipblock-pods outside: ipBlocks match only addresses outside the pods',
    };
  }
  switch (cni.name) {
    case 'cilium':
      return {
        mode: 'outside',
        basis: 'cni',
        fact: 'no (Cilium: only addresses outside the cluster)',
        why: 'Cilium applies CIDR rules only to peers outside the cluster, so an ipBlock never matches a pod (cilium/cilium#9209); select pods with podSelector / namespaceSelector instead',
      };
    case 'calico':
      return {
        mode: 'match',
        basis: 'cni',
        fact: 'yes (Calico)',
        why: 'Calico matches an ipBlock as plain addresses, so a pod whose IP lies in cidr (and not in except) is matched',
      };
    case 'flannel':
      return {
        mode: 'match',
        basis: 'cni',
        fact: 'yes (Flannel with a policy engine)',
        why: "flannel enforces no policy itself; the policy engines it runs with (Canal's Calico Felix, kube-router, kube-network-policies) match an ipBlock as plain addresses",
      };
    case 'unknown':
      return {
        mode: 'match',
        basis: 'assumed',
        fact: 'yes (assumed: unknown CNI)',
        why: 'the CNI is unknown, so the upstream NetworkPolicy e2e expectation was assumed: a pod whose IP lies in cidr (and not in except) is matched; state it with --ipblock-pods',
      };
  }
}

/** The evaluator options that carry the rule. */
export function evaluateOptionsOf(rule: IpBlockRule): EvaluateOptions {
  return { ipBlockMatchesPods: rule.mode === 'match' };
}

export function cniTitle(cni: CniInfo): string {
  return CNI_TITLE[cni.name];
}

/** One ipBlock of a policy rule whose cidr contains a pod address. */
export interface CoveringBlock {
  readonly policy: NetworkPolicy;
  readonly direction: PolicyDirection;
  readonly ruleIndex: number;
  readonly peerIndex: number;
  readonly block: IPBlock;
  /** `spec.ingress[i].from[j].ipBlock.cidr` */
  readonly field: string;
  /** The pod addresses inside cidr. */
  readonly ips: readonly string[];
  /** The pod addresses inside cidr but listed in except (never matched). */
  readonly excepted: readonly string[];
}

/** The ipBlocks in `policies`' `direction` rules whose cidr contains an address of `pod`. */
export function blocksCoveringPod(
  policies: readonly NetworkPolicy[],
  direction: PolicyDirection,
  pod: Pod,
  contains: (cidr: string, ip: string) => boolean = cidrContains,
): CoveringBlock[] {
  if (pod.ips.length === 0) return [];
  const out: CoveringBlock[] = [];
  for (const policy of policies) {
    const rules = direction === 'Ingress' ? policy.ingress : policy.egress;
    rules.forEach((rule, ruleIndex) => {
      rule.peers.forEach((peer, peerIndex) => {
        if (peer.type !== 'ipBlock') return;
        const ips = pod.ips.filter((ip) => contains(peer.ipBlock.cidr, ip));
        if (ips.length === 0) return;
        const excepted = ips.filter(
          (ip) => !ipBlockContains(peer.ipBlock.cidr, peer.ipBlock.except, ip, contains),
        );
        const list = direction === 'Ingress' ? 'ingress' : 'egress';
        const side = direction === 'Ingress' ? 'from' : 'to';
        out.push({
          policy,
          direction,
          ruleIndex,
          peerIndex,
          block: peer.ipBlock,
          field: `spec.${list}[${ruleIndex}].${side}[${peerIndex}].ipBlock.cidr`,
          ips,
          excepted,
        });
      });
    });
  }
  return out;
}

/** Whether any NetworkPolicy rule of `policies` for `direction` has an ipBlock peer. */
export function hasIpBlock(policies: readonly NetworkPolicy[], direction: PolicyDirection): boolean {
  return policies.some((p) =>
    (direction === 'Ingress' ? p.ingress : p.egress).some((r) => r.peers.some((x) => x.type === 'ipBlock')),
  );
}

/** An ipBlock that covers pod addresses, with the pods it covers. */
export interface PodsInBlock {
  readonly block: CoveringBlock;
  /** The pods with an address inside cidr, in the model's order. */
  readonly pods: readonly Pod[];
  /** Every address of those pods. */
  readonly ips: readonly string[];
  /** How many of them have each such address listed in except (never matched). */
  readonly excepted: number;
}

/** Every ipBlock in the model whose cidr contains (non host-network) pod addresses, for lint. */
export function blocksCoveringPods(model: ClusterModel): PodsInBlock[] {
  const withBlocks = model.networkPolicies.filter((p) =>
    [...p.ingress, ...p.egress].some((r) => r.peers.some((x) => x.type === 'ipBlock')),
  );
  if (withBlocks.length === 0) return [];
  const byField = new Map<string, { block: CoveringBlock; pods: Pod[]; ips: string[]; excepted: number }>();
  // One pass over pods × blocks, each address and CIDR parsed once: at 50,000 pods and
  // hundreds of ipBlocks this is tens of millions of tests.
  const contains = cidrMatcher();
  for (const pod of model.pods.values()) {
    if (pod.hostNetwork) continue;
    for (const direction of ['Ingress', 'Egress'] as const) {
      for (const b of blocksCoveringPod(withBlocks, direction, pod, contains)) {
        const key = `${b.policy.key}|${b.field}`;
        let entry = byField.get(key);
        if (!entry) byField.set(key, (entry = { block: b, pods: [], ips: [], excepted: 0 }));
        entry.pods.push(pod);
        for (const ip of pod.ips) entry.ips.push(ip);
        if (b.excepted.length === b.ips.length) entry.excepted++;
      }
    }
  }
  return [...byField.values()];
}
