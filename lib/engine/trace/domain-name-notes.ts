// ClusterNetworkPolicy `domainNames` egress peers (network-policy-api v1alpha2): like
// Cilium toFQDNs they match the addresses a name resolved to, which a snapshot does not
// hold. The evaluator reads them as matching no address; the egress hop says so with
// POLICY_DEPENDS_ON_DNS when such a rule covers the connection to an outside address.

import { containsConnection } from '../net/connection-set';
import type { Pod } from '../../model/types';
import type { DirectionVerdict, PeerEndpoint } from '../policy';
import { adminRuleConnections } from '../policy/ports';
import { selectingPolicies } from '../policy/selecting';
import type { TraceContext } from './context';

export function domainNameNotes(
  ctx: TraceContext,
  id: string,
  pod: Pod,
  peer: PeerEndpoint,
  port: number,
  v: DirectionVerdict,
): void {
  if (peer.type !== 'ip' || ctx.model.index.podByIP.has(peer.ip) || ctx.model.index.nodeByIP.has(peer.ip))
    return;
  const sel = selectingPolicies(ctx.model, pod, 'Egress');
  const policies = [...sel.admin, ...(sel.baselineCluster ?? [])].filter(
    (p) => p.kind === 'ClusterNetworkPolicy',
  );
  const hits = policies.flatMap((p) =>
    p.egress.flatMap((rule, i) => {
      const names = rule.peers.flatMap((x) => (x.type === 'domainNames' ? x.domains : []));
      if (names.length === 0 || !containsConnection(adminRuleConnections(rule, peer), ctx.protocol, port))
        return [];
      return [{ p, i, names, rule }];
    }),
  );
  if (hits.length === 0) return;
  const names = [...new Set(hits.flatMap((h) => h.names))];
  const peerText = peer.ip;
  const assumed = v.allowed
    ? `another rule allows ${peerText} whatever DNS answers, so the domainNames rule${hits.length > 1 ? 's do' : ' does'} not change this verdict.`
    : `${peerText} is not among the addresses ${names.join(', ')} resolved to: the domainNames rule${hits.length > 1 ? 's are' : ' is'} read as not matching, so a later rule decided.`;
  ctx.path.raise(
    id,
    'POLICY_DEPENDS_ON_DNS',
    {
      pod: pod.key,
      peer: peerText,
      peerIP: peer.ip,
      protocol: ctx.protocol,
      port,
      rules: hits.map(
        (h) =>
          `ClusterNetworkPolicy ${h.p.name} egress rule #${h.i}${h.rule.name ? ` "${h.rule.name}"` : ''}`,
      ),
      names,
      assumed,
      source: 'ClusterNetworkPolicy',
    },
    hits.flatMap((h) =>
      h.rule.peers.flatMap((x, j) =>
        x.type === 'domainNames'
          ? [
              {
                kind: 'ClusterNetworkPolicy',
                name: h.p.name,
                field: `spec.egress[${h.i}].to[${j}].domainNames`,
                value: x.domains.join(', '),
              },
            ]
          : [],
      ),
    ),
  );
}
