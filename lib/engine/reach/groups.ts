// Groups of interchangeable reach sides, one grouping per role. A connection from
// `src` to `dst` is the intersection of src's egress decision and dst's ingress
// decision, so
//   - as a source, a side is read through the policies selecting it for Egress and
//     through which ingress rules (of any destination) match it;
//   - as a destination, through the policies selecting it for Ingress, its container
//     ports (named ports resolve there, in both directions) and which egress rules
//     match it.
// Sides alike in their role get the same connections to (from) everyone. Reach
// evaluates one representative per pair of groups and copies the answer to the
// members, so its cost grows with distinct policy roles, not with the number of peers.
// A side's key depends only on its class, so it is computed once per class and role.

import { adminPeerMatches } from '../policy/peers';
import { selectingPolicies } from '../policy/selecting';
import { allCiliumMatchers, ciliumSelectingIds, ciliumSideKey } from '../policy/cilium/reach-keys';
import type { AdminRule, ClusterModel, PolicyDirection } from '../../model/types';
import type { MemoSide } from './pair-memo';
import type { MatchTables } from './match-tables';
import type { BoundsMeter } from './bounds';

export interface SideGroups<S> {
  /** Members of each group, in the order given; the first stands for the group. */
  readonly members: readonly S[][];
}

/** `src`: the sides connect out (grouped by egress); `dst`: they are connected to. */
export type SideRole = 'src' | 'dst';

export interface SideGrouper {
  groups<S extends MemoSide>(sides: readonly S[], role: SideRole): SideGroups<S>;
}

/**
 * For each class, the numbers of the rules matching it (as a peer) in one direction:
 * NetworkPolicy rules from their tables, admin-tier rules asked class by class.
 */
function ruleHitsByClass(model: ClusterModel, tables: MatchTables, direction: PolicyDirection): string[] {
  const hits: number[][] = Array.from({ length: tables.classCount }, () => []);
  let n = 0;
  const ingress = direction === 'Ingress';
  for (const np of model.networkPolicies)
    for (const rule of ingress ? np.ingress : np.egress) {
      for (const idx of tables.networkPolicyRuleHits(np, rule)) hits[idx]!.push(n);
      n++;
    }
  const admin = [
    ...model.adminPolicies,
    ...(model.baselinePolicy ? [model.baselinePolicy] : []),
    ...(model.baselineClusterPolicies ?? []),
  ];
  for (const p of admin)
    for (const rule of (ingress ? p.ingress : p.egress) as readonly AdminRule[]) {
      const t = tables.table(rule);
      tables.classSides.forEach((side, idx) => {
        if (!side) return;
        if (t[idx]! < 0) t[idx] = rule.peers.some((x) => adminPeerMatches(model, x, side.ep)) ? 1 : 0;
        if (t[idx] === 1) hits[idx]!.push(n);
      });
      n++;
    }
  return hits.map((h) => h.join('.'));
}

export function sideGrouper(model: ClusterModel, tables: MatchTables, meter?: BoundsMeter): SideGrouper {
  const objectIds = new Map<object, number>();
  const idOf = (o: object) => {
    let id = objectIds.get(o);
    if (id === undefined) objectIds.set(o, (id = objectIds.size));
    return id;
  };
  // Which policies select the pod (by identity), not the cached object: pods with other
  // labels are often selected by exactly the same policies.
  const selectedBy = (side: MemoSide, dir: PolicyDirection) => {
    if (side.ep.type !== 'pod') return 'ip';
    const pod = side.ep.pod;
    const sel = selectingPolicies(model, pod, dir);
    return `p${sel.admin.map(idOf).join('.')}/${sel.networkPolicies.map(idOf).join('.')}/${sel.baseline ? idOf(sel.baseline) : ''}/${(sel.baselineCluster ?? []).map(idOf).join('.')}${ciliumSelectingIds(model, pod, dir, idOf)}`;
  };
  // Cilium rules read more of a peer (node, identity); every rule is kept, in both roles.
  let cilium: string[] | undefined;
  const ciliumBits = (idx: number) => {
    if (!model.ciliumPolicies?.length) return '';
    if (!cilium) {
      const matchers = allCiliumMatchers(model);
      cilium = tables.classSides.map((side) => {
        if (!side) return '';
        let bits = '';
        for (const match of matchers) {
          meter?.step();
          bits += match(side.ep) ? '1' : '0';
        }
        return bits;
      });
    }
    return cilium[idx]!;
  };
  const hits: Partial<Record<SideRole, string[]>> = {};
  const keys: Record<SideRole, (string | undefined)[]> = { src: [], dst: [] };
  const keyOf = (side: MemoSide, role: SideRole) => {
    let key = keys[role][side.idx];
    if (key !== undefined) return key;
    // Calico: classes already hold what its rules read; group by class.
    if (model.calico) key = `c${side.idx}:${side.portsIdx}`;
    else {
      // A source is matched by ingress rules, a destination by egress rules.
      const matched = (hits[role] ??= ruleHitsByClass(model, tables, role === 'src' ? 'Ingress' : 'Egress'));
      key = `${selectedBy(side, role === 'src' ? 'Egress' : 'Ingress')}${role === 'dst' ? `,${side.portsIdx}` : ''}:${ciliumSideKey(model, side.ep)}:${matched[side.idx]}:${ciliumBits(side.idx)}`;
    }
    keys[role][side.idx] = key;
    return key;
  };
  const cache = new WeakMap<readonly MemoSide[], Partial<Record<SideRole, SideGroups<MemoSide>>>>();
  return {
    groups<S extends MemoSide>(sides: readonly S[], role: SideRole): SideGroups<S> {
      let byRole = cache.get(sides);
      if (!byRole) cache.set(sides, (byRole = {}));
      const known = byRole[role];
      if (known) return known as SideGroups<S>;
      const groupIds = new Map<string, number>();
      const members: S[][] = [];
      for (const side of sides) {
        meter?.step();
        const key = keyOf(side, role);
        let g = groupIds.get(key);
        if (g === undefined) {
          groupIds.set(key, (g = members.length));
          members.push([]);
        }
        members[g]!.push(side);
      }
      const groups = { members };
      byRole[role] = groups as SideGroups<MemoSide>;
      return groups;
    },
  };
}
