// ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2) → the AdminNetworkPolicy
// shape the evaluator already runs: tier Admin → 'admin' (before NetworkPolicies),
// Baseline → 'baseline' (after them); action Accept → Allow (both end evaluation of the
// direction with an allow: network-policy-api apis/v1alpha2/clusternetworkpolicy_types.go).
// `nodes` peers match the selected nodes' addresses, `domainNames` match no address
// (the snapshot holds no DNS answers).

import type {
  AdminAction,
  AdminNetworkPolicy,
  AdminPeer,
  AdminPort,
  AdminRule,
  AdminSubject,
  KubeObject,
  Origin,
  Protocol,
} from '../../model/types';
import { map, maps, nameOf, num, selector, str, strings, type Json } from './util';

function subject(v: unknown): AdminSubject {
  const m = map(v) ?? {};
  const pods = map(m.pods);
  if (pods)
    return {
      type: 'pods',
      namespaceSelector: selector(pods.namespaceSelector),
      podSelector: selector(pods.podSelector),
    };
  return { type: 'namespaces', namespaceSelector: selector(m.namespaces) };
}

function peer(p: Json): AdminPeer {
  const pods = map(p.pods);
  if (pods)
    return {
      type: 'pods',
      namespaceSelector: selector(pods.namespaceSelector),
      podSelector: selector(pods.podSelector),
    };
  if (p.networks != null) return { type: 'networks', cidrs: strings(p.networks) };
  if (p.nodes != null) return { type: 'nodes', nodeSelector: selector(p.nodes), matchesNodeIPs: true };
  if (p.domainNames != null) return { type: 'domainNames', domains: strings(p.domainNames) };
  return { type: 'namespaces', namespaceSelector: selector(p.namespaces) };
}

function ports(protocols: unknown): AdminPort[] | undefined {
  if (!Array.isArray(protocols)) return undefined;
  return maps(protocols).flatMap((proto): AdminPort[] => {
    const named = str(proto.destinationNamedPort);
    if (named !== undefined) return [{ type: 'namedPort', name: named }];
    for (const [key, protocol] of [
      ['tcp', 'TCP'],
      ['udp', 'UDP'],
      ['sctp', 'SCTP'],
    ] as const) {
      const p = map(proto[key]);
      if (!p) continue;
      const dp = map(p.destinationPort) ?? {};
      const range = map(dp.range);
      if (range)
        return [
          {
            type: 'portRange',
            protocol: protocol as Protocol,
            start: num(range.start) ?? 1,
            end: num(range.end) ?? 65535,
          },
        ];
      const n = num(dp.number);
      return n !== undefined
        ? [{ type: 'portNumber', protocol, port: n }]
        : [{ type: 'portRange', protocol, start: 1, end: 65535 }];
    }
    return [];
  });
}

function rules(v: unknown, peersKey: 'from' | 'to'): AdminRule[] {
  return maps(v).map((r) => {
    const name = str(r.name);
    const action = str(r.action);
    const ps = ports(r.protocols);
    return {
      ...(name ? { name } : {}),
      action: (action === 'Accept' ? 'Allow' : (action ?? 'Deny')) as AdminAction,
      peers: maps(r[peersKey]).map(peer),
      ...(ps ? { ports: ps } : {}),
    };
  });
}

export function normalizeClusterNetworkPolicy(o: KubeObject, origin: Origin): AdminNetworkPolicy {
  const spec = map(o.spec) ?? {};
  const priority = num(spec.priority);
  return {
    tier: spec.tier === 'Baseline' ? 'baseline' : 'admin',
    kind: 'ClusterNetworkPolicy',
    name: nameOf(o),
    ...(priority !== undefined ? { priority } : {}),
    subject: subject(spec.subject),
    ingress: rules(spec.ingress, 'from'),
    egress: rules(spec.egress, 'to'),
    origin,
  };
}
