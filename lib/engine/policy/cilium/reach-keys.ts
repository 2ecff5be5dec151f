// What reach must know about Cilium policies to keep its equivalence classes exact.
// A Cilium rule reads more of a peer than a NetworkPolicy does: the pod's service
// account and namespace labels (in the class key already, via labelsKey and the
// namespace), whether an address is a node, the API server or the world, and whether a
// node is the subject's own (`host`) or another (`remote-node`). So, on a cluster
// with Cilium policies, sides are also keyed by their node, and every rule is matched
// per (rule, subject node).

import type { CiliumPolicy, CiliumRule } from '../../../model/cilium';
import type { ClusterModel, Pod, PolicyDirection } from '../../../model/types';
import type { PeerEndpoint } from '../types';
import { peerIdentity } from './identity';
import { ciliumRuleMatches } from './match';
import { ciliumLists, ciliumSelecting } from './stage';

/** Extra class key of a pod: its node when the model holds Cilium policies, else ''. */
export function ciliumClassKey(model: ClusterModel, pod: Pod): string {
  return model.ciliumPolicies?.length ? `\u0000node=${pod.nodeName ?? ''}` : '';
}

/** Extra group key of any side: the node a pod runs on or an address belongs to. */
export function ciliumSideKey(model: ClusterModel, ep: PeerEndpoint): string {
  if (!model.ciliumPolicies?.length) return '';
  if (ep.type === 'pod') return `n=${ep.pod.nodeName ?? ''}`;
  return `n=${model.index.nodeByIP.get(ep.ip)?.name ?? ''}`;
}

const ruleKeys = new WeakMap<CiliumRule, Map<string, object>>();
/** A stable object standing for (rule, subject node), for per-rule match tables. */
function ruleKey(rule: CiliumRule, node: string | undefined): object {
  let byNode = ruleKeys.get(rule);
  if (!byNode) ruleKeys.set(rule, (byNode = new Map()));
  let key = byNode.get(node ?? '');
  if (!key) byNode.set(node ?? '', (key = {}));
  return key;
}

export interface CiliumMatcher {
  readonly key: object;
  readonly match: (ep: PeerEndpoint) => boolean;
}

/** Matchers for every rule (allow and deny) of the Cilium policies selecting `pod` for `direction`. */
export function ciliumMatchers(
  model: ClusterModel,
  pod: Pod,
  direction: PolicyDirection,
): { matchers: CiliumMatcher[]; namedPorts: boolean } {
  const policies: readonly CiliumPolicy[] = ciliumSelecting(model, { type: 'pod', pod }, direction);
  const rules = policies.flatMap((p) => {
    const { allow, deny } = ciliumLists(p, direction);
    return [...deny, ...allow];
  });
  const node = pod.nodeName;
  return {
    matchers: rules.map((rule) => ({
      key: ruleKey(rule, node),
      match: (ep) => ciliumRuleMatches(model, rule, peerIdentity(model, ep, node)),
    })),
    namedPorts: rules.some((r) => r.toPorts.some((pr) => pr.ports.some((p) => typeof p.port === 'string'))),
  };
}

/** Matchers for every Cilium rule of the model, as seen from no particular node (grouping). */
export function allCiliumMatchers(model: ClusterModel): Array<(ep: PeerEndpoint) => boolean> {
  return (model.ciliumPolicies ?? []).flatMap((p) =>
    [...p.ingress, ...p.ingressDeny, ...p.egress, ...p.egressDeny].map(
      (rule) => (ep: PeerEndpoint) => ciliumRuleMatches(model, rule, peerIdentity(model, ep, undefined)),
    ),
  );
}

/** Ids of the Cilium policies selecting `pod` for `direction`, for group keys. */
export function ciliumSelectingIds(
  model: ClusterModel,
  pod: Pod,
  direction: PolicyDirection,
  idOf: (o: object) => number,
): string {
  if (!model.ciliumPolicies?.length) return '';
  return `/c${ciliumSelecting(model, { type: 'pod', pod }, direction).map(idOf).join('.')}`;
}
