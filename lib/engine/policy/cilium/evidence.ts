// Evidence for a Cilium rule that decided: the object, the field of the peer (or
// port) that matched, and its value — `CiliumClusterwideNetworkPolicy no-world
// spec.egressDeny[0].toEntities = world`.

import type { CiliumPeer } from '../../../model/cilium';
import type { ClusterModel } from '../../../model/types';
import type { Evidence } from '../../types';
import { describeSelector } from '../label-match';
import type { PeerEndpoint, PolicyRuleRef } from '../types';
import { peerIdentity } from './identity';
import { ciliumPeerMatches } from './match';

function peerValue(p: CiliumPeer): string {
  switch (p.type) {
    case 'endpoints':
    case 'nodes':
      return describeSelector(p.selector);
    case 'entity':
      return p.entity;
    case 'cidr':
      return `${p.group ? `CiliumCIDRGroup ${p.group}: ` : ''}${p.cidrs.join(', ')}${p.except.length ? ` except ${p.except.join(', ')}` : ''}`;
    case 'service':
      return p.name !== undefined
        ? `${p.namespace ?? '*'}/${p.name}`
        : `services {${describeSelector(p.selector ?? {})}} in ${p.namespace ?? 'any namespace'}`;
    case 'fqdn':
      return p.matchName ?? p.matchPattern ?? '';
  }
}

/** Evidence for a Cilium rule ref (undefined for other refs). */
export function ciliumRefEvidence(
  model: ClusterModel,
  ref: PolicyRuleRef,
  peer: PeerEndpoint,
  subjectNode: string | undefined,
): Evidence | undefined {
  if (!ref.ruleList || !ref.field) return undefined;
  const policy = (model.ciliumPolicies ?? []).find(
    (p) =>
      p.kind === ref.policy.kind &&
      p.name === ref.policy.name &&
      p.namespace === ref.policy.namespace &&
      ref.field!.startsWith(`${p.specPath}.`),
  );
  const rule = policy?.[ref.ruleList][ref.ruleIndex];
  const base = {
    kind: ref.policy.kind,
    name: ref.policy.name,
    ...(ref.policy.namespace ? { namespace: ref.policy.namespace } : {}),
  };
  if (!rule) return { ...base, field: ref.field, value: ref.action === 'Deny' ? 'denies' : 'allows' };
  const id = peerIdentity(model, peer, subjectNode);
  const hit = rule.peers.find((p) => ciliumPeerMatches(model, p, id));
  if (hit)
    return {
      ...base,
      field: hit.field.replace(/\[\d+\]$/, '').replace(/\.(k8sService|k8sServiceSelector)$/, ''),
      value: peerValue(hit),
    };
  const ports = rule.toPorts.flatMap((pr) =>
    pr.ports.map((p) => `${p.port ?? 'all'}${p.endPort ? `-${p.endPort}` : ''}/${p.protocol}`),
  );
  return {
    ...base,
    field: `${ref.field}.toPorts`,
    value: ports.length ? `${ports.join(', ')} (no L3 selector: every peer)` : 'every peer',
  };
}
