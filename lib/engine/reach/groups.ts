// Groups of interchangeable reach sides. Two sides get the same connections to and
// from everyone when they are selected by the same policies, are matched by the same
// rules and have the same container ports. Reach then evaluates one representative
// per pair of groups and copies the answer to the members, so its cost grows with
// distinct policy roles (often a few dozen), not with the number of peers.

import { adminPeerMatches, policyRuleMatches } from '../policy/peers';
import { selectingPolicies } from '../policy/selecting';
import { allCiliumMatchers, ciliumSelectingIds, ciliumSideKey } from '../policy/cilium/reach-keys';
import type { EvaluateOptions, PeerEndpoint } from '../policy/types';
import type { ClusterModel, Pod, PolicyDirection } from '../../model/types';
import type { MemoSide } from './pair-memo';
import type { BoundsMeter } from './bounds';

export interface SideGroups<S> {
  /** Group index of each side, in the order given. */
  readonly groupOf: readonly number[];
  /** Members of each group, in the order given. */
  readonly members: readonly S[][];
}

type Match = (ep: PeerEndpoint) => boolean;

function allRuleMatchers(model: ClusterModel, options: EvaluateOptions): Match[] {
  const admin = [
    ...model.adminPolicies,
    ...(model.baselinePolicy ? [model.baselinePolicy] : []),
    ...(model.baselineClusterPolicies ?? []),
  ];
  return [
    ...model.networkPolicies.flatMap((np) =>
      [...np.ingress, ...np.egress].map(
        (rule): Match =>
          (ep) =>
            policyRuleMatches(model, np, rule, ep, options),
      ),
    ),
    ...admin.flatMap((p) =>
      [...p.ingress, ...p.egress].map(
        (rule): Match =>
          (ep) =>
            rule.peers.some((x) => adminPeerMatches(model, x, ep)),
      ),
    ),
    ...allCiliumMatchers(model),
  ];
}

/** Groups `sides` by (selecting policies in both directions, ports, rules matching them). */
export function groupSides<S extends MemoSide>(
  model: ClusterModel,
  sides: readonly S[],
  options: EvaluateOptions = {},
  meter?: BoundsMeter,
): SideGroups<S> {
  const matchers = model.calico ? [] : allRuleMatchers(model, options);
  const objectIds = new Map<object, number>();
  const idOf = (o: object) => {
    let id = objectIds.get(o);
    if (id === undefined) objectIds.set(o, (id = objectIds.size));
    return id;
  };
  // Which policies select the pod (by identity), not the cached object: pods with other
  // labels are often selected by exactly the same policies.
  const selectedBy = (pod: Pod, dir: PolicyDirection) => {
    const sel = selectingPolicies(model, pod, dir);
    return `${sel.admin.map(idOf).join('.')}/${sel.networkPolicies.map(idOf).join('.')}/${sel.baseline ? idOf(sel.baseline) : ''}/${(sel.baselineCluster ?? []).map(idOf).join('.')}${ciliumSelectingIds(model, pod, dir, idOf)}`;
  };
  const groupIds = new Map<string, number>();
  const groupOf: number[] = [];
  const members: S[][] = [];
  for (const side of sides) {
    meter?.step();
    // Calico: classes already hold what its rules read; group by class.
    if (model.calico) {
      const key = `c${side.idx}:${side.portsIdx}`;
      let g = groupIds.get(key);
      if (g === undefined) {
        groupIds.set(key, (g = members.length));
        members.push([]);
      }
      groupOf.push(g);
      members[g]!.push(side);
      continue;
    }
    let key =
      side.ep.type === 'pod'
        ? `p${selectedBy(side.ep.pod, 'Ingress')},${selectedBy(side.ep.pod, 'Egress')},${side.portsIdx}:`
        : 'ip:';
    key += ciliumSideKey(model, side.ep);
    for (const match of matchers) {
      meter?.step();
      key += match(side.ep) ? '1' : '0';
    }
    let g = groupIds.get(key);
    if (g === undefined) {
      groupIds.set(key, (g = members.length));
      members.push([]);
    }
    groupOf.push(g);
    members[g]!.push(side);
  }
  return { groupOf, members };
}
