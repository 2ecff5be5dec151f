// Which reach sides each policy rule matches: one table per rule over side classes,
// shared by grouping (which reads every rule) and the pair memo (which reads the
// subject's rules). A NetworkPolicy rule's table is filled from what its peers can
// match: a pod peer only pods of its policy's namespace or of the namespaces its
// namespaceSelector selects, an ipBlock only the addresses (and, when ipBlocks match
// pods, the pod addresses) it covers. So a rule costs the sides it may match, not
// every side: at 50,000 pods a cluster holds ~15,000 classes and ~1,600 rules.
//
// The index only narrows; every candidate is decided by policy/peers.ts, so a table
// says exactly what policyRuleMatches says.

import { ipBlockIntervals, ipv4ToNumber, isIPv4 } from '../net';
import { namespaceLabels, selectorMatches } from '../policy/label-match';
import { policyPeerMatches, policyRuleMatches } from '../policy/peers';
import type { EvaluateOptions } from '../policy/types';
import type { ClusterModel, NetworkPolicy, PolicyRule } from '../../model/types';
import type { MemoSide } from './pair-memo';

export interface MatchTables {
  /** Number of side classes (the length of every table). */
  readonly classCount: number;
  /** One side of each class, by class index (undefined for an unused index). */
  readonly classSides: readonly (MemoSide | undefined)[];
  /** The table of a rule (by identity): per class 1 matches, 0 does not, -1 not asked yet. */
  table(rule: object): Int8Array;
  /** The table of a NetworkPolicy rule with every class decided. */
  networkPolicyRule(policy: NetworkPolicy, rule: PolicyRule): Int8Array;
  /** The classes a NetworkPolicy rule matches, ascending. */
  networkPolicyRuleHits(policy: NetworkPolicy, rule: PolicyRule): readonly number[];
}

/** Pod classes by their IPv4 addresses, sorted, for the classes an ipBlock covers. */
interface AddressIndex {
  readonly numbers: Float64Array;
  readonly classes: Int32Array;
  /** Pod classes with an address that is not IPv4: always asked. */
  readonly others: readonly number[];
}

function addressIndex(sides: readonly (MemoSide | undefined)[]): AddressIndex {
  const entries: [number, number][] = [];
  const others: number[] = [];
  sides.forEach((side, idx) => {
    if (side?.ep.type !== 'pod') return;
    for (const ip of side.ep.pod.ips) {
      if (isIPv4(ip)) entries.push([ipv4ToNumber(ip), idx]);
      else if (others[others.length - 1] !== idx) others.push(idx);
    }
  });
  entries.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return {
    numbers: Float64Array.from(entries, (e) => e[0]),
    classes: Int32Array.from(entries, (e) => e[1]),
    others,
  };
}

/** First position whose number is ≥ n. */
function lowerBound(numbers: Float64Array, n: number): number {
  let lo = 0;
  let hi = numbers.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (numbers[mid]! < n) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function createMatchTables(
  model: ClusterModel,
  classSides: readonly (MemoSide | undefined)[],
  options: EvaluateOptions,
): MatchTables {
  const classCount = classSides.length;
  const tables = new WeakMap<object, Int8Array>();
  const hitLists = new WeakMap<PolicyRule, readonly number[]>();
  const table = (rule: object) => {
    let t = tables.get(rule);
    if (!t) tables.set(rule, (t = new Int8Array(classCount).fill(-1)));
    return t;
  };
  // Pod classes by namespace, and the address classes (ranges, nodes), built on first use.
  let sideIndex: { byNamespace: Map<string, number[]>; addressSides: number[] } | undefined;
  const sidesByKind = () => {
    if (sideIndex) return sideIndex;
    const byNamespace = new Map<string, number[]>();
    const addressSides: number[] = [];
    classSides.forEach((side, idx) => {
      if (!side) return;
      if (side.ep.type !== 'pod') return void addressSides.push(idx);
      const list = byNamespace.get(side.ep.pod.namespace);
      if (list) list.push(idx);
      else byNamespace.set(side.ep.pod.namespace, [idx]);
    });
    return (sideIndex = { byNamespace, addressSides });
  };
  let addresses: AddressIndex | undefined;
  const podClassesInBlock = (cidr: string, except: readonly string[]): number[] => {
    addresses ??= addressIndex(classSides);
    const out = [...addresses.others];
    for (const [a, b] of ipBlockIntervals(cidr, except)) {
      for (let i = lowerBound(addresses.numbers, a); i < addresses.numbers.length; i++) {
        if (addresses.numbers[i]! > b) break;
        out.push(addresses.classes[i]!);
      }
    }
    return out;
  };

  function networkPolicyRuleHits(policy: NetworkPolicy, rule: PolicyRule): readonly number[] {
    let hits = hitLists.get(rule);
    if (hits) return hits;
    const t = table(rule);
    if (rule.peers.length === 0) {
      // No peers: every side matches.
      t.fill(1);
      hits = classSides.flatMap((s, idx) => (s ? [idx] : []));
      hitLists.set(rule, hits);
      return hits;
    }
    t.fill(0);
    const { byNamespace, addressSides } = sidesByKind();
    const found: number[] = [];
    const ask = (idx: number, yes: () => boolean) => {
      if (t[idx] === 0 && yes()) {
        t[idx] = 1;
        found.push(idx);
      }
    };
    if (rule.peers.some((p) => p.type === 'ipBlock'))
      for (const idx of addressSides)
        ask(idx, () => policyRuleMatches(model, policy, rule, classSides[idx]!.ep, options));
    let namespaces: string[] | undefined;
    for (const peer of rule.peers) {
      if (peer.type === 'pods') {
        const selector = peer.namespaceSelector;
        namespaces ??= [...byNamespace.keys()];
        const admitted =
          selector === undefined
            ? [policy.namespace]
            : namespaces.filter((ns) => selectorMatches(selector, namespaceLabels(model, ns)));
        for (const ns of admitted)
          for (const idx of byNamespace.get(ns) ?? [])
            ask(idx, () => policyPeerMatches(model, policy, peer, classSides[idx]!.ep, options));
      } else if (options.ipBlockMatchesPods) {
        for (const idx of podClassesInBlock(peer.ipBlock.cidr, peer.ipBlock.except))
          ask(idx, () => policyPeerMatches(model, policy, peer, classSides[idx]!.ep, options));
      }
    }
    hits = found.sort((a, b) => a - b);
    hitLists.set(rule, hits);
    return hits;
  }

  return {
    classCount,
    classSides,
    table,
    networkPolicyRule(policy, rule) {
      networkPolicyRuleHits(policy, rule);
      return table(rule);
    },
    networkPolicyRuleHits,
  };
}
