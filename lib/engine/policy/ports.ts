// The connections a rule's `ports` allow towards a destination. Named ports are
// resolved on the destination pod's container ports (same name AND protocol); a
// named port that resolves nowhere, or whose destination is an address, allows nothing.

import {
  ALL_CONNECTIONS,
  NO_CONNECTIONS,
  protocolConnections,
  unionAllConnections,
  type ConnectionSet,
} from '../net/connection-set';
import type { AdminPort, AdminRule, PolicyPort, PolicyRule, Protocol } from '../../model/types';
import { assertNever } from './label-match';
import type { PeerEndpoint } from './types';

function namedPorts(dst: PeerEndpoint, name: string, protocol?: Protocol): ConnectionSet {
  if (dst.type !== 'pod') return NO_CONNECTIONS;
  const hits = dst.pod.ports.filter(
    (p) => p.name === name && (protocol === undefined || p.protocol === protocol),
  );
  return unionAllConnections(
    hits.map((p) => protocolConnections(p.protocol, [[p.containerPort, p.containerPort]])),
  );
}

export function policyPortConnections(port: PolicyPort, dst: PeerEndpoint): ConnectionSet {
  if (port.port === undefined) return protocolConnections(port.protocol);
  if (typeof port.port === 'string') return namedPorts(dst, port.port, port.protocol);
  return protocolConnections(port.protocol, [[port.port, port.endPort ?? port.port]]);
}

const staticRuleConns = new WeakMap<PolicyRule, ConnectionSet>();

/** Connections a NetworkPolicy rule allows to `dst` (an empty `ports` list = all). */
export function policyRuleConnections(rule: PolicyRule, dst: PeerEndpoint): ConnectionSet {
  if (rule.ports.length === 0) return ALL_CONNECTIONS;
  const cached = staticRuleConns.get(rule);
  if (cached) return cached;
  const conns = unionAllConnections(rule.ports.map((p) => policyPortConnections(p, dst)));
  // Only rules without named ports are the same for every destination.
  if (rule.ports.every((p) => typeof p.port !== 'string')) staticRuleConns.set(rule, conns);
  return conns;
}

function adminPortConnections(port: AdminPort, dst: PeerEndpoint): ConnectionSet {
  switch (port.type) {
    case 'portNumber':
      return protocolConnections(port.protocol, [[port.port, port.port]]);
    case 'portRange':
      return protocolConnections(port.protocol, [[port.start, port.end]]);
    case 'namedPort':
      return namedPorts(dst, port.name);
    default:
      return assertNever(port);
  }
}

/** Connections an ANP/BANP rule covers towards `dst` (no `ports` = all). */
export function adminRuleConnections(rule: AdminRule, dst: PeerEndpoint): ConnectionSet {
  if (rule.ports === undefined) return ALL_CONNECTIONS;
  return unionAllConnections(rule.ports.map((p) => adminPortConnections(p, dst)));
}
