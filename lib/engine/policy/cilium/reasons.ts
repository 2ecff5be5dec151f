// Per selecting Cilium policy, why none of its allow rules lets a connection through,
// for denial findings ("name every policy that selects the pod and say why none of
// their rules match": findings.md POLICY_EGRESS_DENIED / POLICY_INGRESS_DENIED).

import { containsConnection, formatConnections, isEmptyConnections } from '../../net/connection-set';
import type { CiliumPeer, CiliumPolicy } from '../../../model/cilium';
import type { ClusterModel, Protocol } from '../../../model/types';
import type { DirectionDecision } from '../decide';
import { describeSelector } from '../label-match';
import { endpointName } from '../peers';
import { peerIdentity } from './identity';
import { ciliumRuleConnections, ciliumRuleMatches } from './match';
import { ciliumLists } from './stage';

function peerText(p: CiliumPeer): string {
  const list = p.field.slice(p.field.lastIndexOf('.') + 1).replace(/\[\d+\]$/, '');
  switch (p.type) {
    case 'endpoints':
    case 'nodes':
      return `${list} {${describeSelector(p.selector)}}`;
    case 'entity':
      return `${list} ${p.entity}`;
    case 'cidr':
      return `${list} ${p.cidrs.join(', ')}${p.except.length ? ` except ${p.except.join(', ')}` : ''}`;
    case 'service':
      return `toServices ${p.name ?? `{${describeSelector(p.selector ?? {})}}`}`;
    case 'fqdn':
      return `toFQDNs ${p.matchName ?? p.matchPattern}`;
  }
}

function name(p: CiliumPolicy): string {
  return `${p.kind} ${p.namespace ? `${p.namespace}/` : ''}${p.name}${p.specPath === 'spec' ? '' : ` ${p.specPath}`}`;
}

export function ciliumReasons(
  model: ClusterModel,
  decision: DirectionDecision,
  protocol: Protocol,
  port: number,
): string[] {
  const policies = decision.ciliumPolicies ?? [];
  if (policies.length === 0 || decision.subject.type !== 'pod') return [];
  const subjectNode = decision.subject.pod.nodeName;
  const id = peerIdentity(model, decision.peer, subjectNode);
  const peer = endpointName(decision.peer);
  const side = decision.direction === 'Ingress' ? 'source' : 'destination';
  const dst = decision.direction === 'Ingress' ? decision.subject : decision.peer;
  return policies.map((policy) => {
    const { allow, allowList } = ciliumLists(policy, decision.direction);
    if (allow.length === 0)
      return `${name(policy)} selects ${endpointName(decision.subject)} for ${decision.direction.toLowerCase()} and has no ${allowList} (allow) rules`;
    const parts = allow.map((rule, i) => {
      if (!ciliumRuleMatches(model, rule, id)) {
        if (!rule.hasL3 && rule.toPorts.length === 0)
          return `${allowList} rule #${i} is empty ({}) and allows nothing`;
        const why = id.world
          ? ''
          : rule.peers.some((p) => p.type === 'cidr')
            ? ' (CIDR rules match only addresses outside the cluster)'
            : '';
        return `${allowList} rule #${i} does not match ${side} ${peer} (its peers: ${rule.peers.map(peerText).join('; ') || 'none'})${why}`;
      }
      const conns = ciliumRuleConnections(rule, dst);
      if (isEmptyConnections(conns))
        return `${allowList} rule #${i} matches ${peer} but its ports resolve to nothing on the destination`;
      if (!containsConnection(conns, protocol, port))
        return `${allowList} rule #${i} matches ${peer} but allows only ${formatConnections(conns)}, not ${protocol} ${port}`;
      return `${allowList} rule #${i} allows ${protocol} ${port}`;
    });
    return `${name(policy)}: ${parts.join('; ')}`;
  });
}
