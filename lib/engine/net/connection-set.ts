// Connection sets: for each protocol, the allowed ports as an interval set. This is the
// value type every policy computation works in (union of rules, intersection of egress
// and ingress, subtraction of what a higher tier already decided), so a full
// connection-set answer costs a few interval operations instead of 3 x 65535 probes.

import { PROTOCOLS, type Protocol } from '../../model/types';
import {
  intersectIntervals,
  intervalsContain,
  intervalsEqual,
  intervalsOf,
  subtractIntervals,
  unionIntervals,
  type IntervalSet,
} from './interval-set';

export const MIN_PORT = 1;
export const MAX_PORT = 65535;
export const ALL_PORTS: IntervalSet = [[MIN_PORT, MAX_PORT]];

/** Allowed ports per protocol. Plain, serialisable data; never mutated. */
export type ConnectionSet = Readonly<Record<Protocol, IntervalSet>>;

export const NO_CONNECTIONS: ConnectionSet = { SCTP: [], TCP: [], UDP: [] };
export const ALL_CONNECTIONS: ConnectionSet = { SCTP: ALL_PORTS, TCP: ALL_PORTS, UDP: ALL_PORTS };

/** The set holding `ports` (default: all ports) of one protocol only. */
export function protocolConnections(protocol: Protocol, ports: IntervalSet = ALL_PORTS): ConnectionSet {
  return {
    ...NO_CONNECTIONS,
    [protocol]: intervalsOf(ports.map(([a, b]) => [Math.max(a, MIN_PORT), Math.min(b, MAX_PORT)])),
  };
}

/** The set holding one port of one protocol. */
export function singleConnection(protocol: Protocol, port: number): ConnectionSet {
  return protocolConnections(protocol, [[port, port]]);
}

function combine(
  x: ConnectionSet,
  y: ConnectionSet,
  op: (a: IntervalSet, b: IntervalSet) => IntervalSet,
): ConnectionSet {
  return { SCTP: op(x.SCTP, y.SCTP), TCP: op(x.TCP, y.TCP), UDP: op(x.UDP, y.UDP) };
}

export function unionConnections(x: ConnectionSet, y: ConnectionSet): ConnectionSet {
  return combine(x, y, unionIntervals);
}

export function intersectConnections(x: ConnectionSet, y: ConnectionSet): ConnectionSet {
  return combine(x, y, intersectIntervals);
}

export function subtractConnections(x: ConnectionSet, y: ConnectionSet): ConnectionSet {
  return combine(x, y, subtractIntervals);
}

export function unionAllConnections(sets: readonly ConnectionSet[]): ConnectionSet {
  return sets.reduce(unionConnections, NO_CONNECTIONS);
}

export function isEmptyConnections(x: ConnectionSet): boolean {
  return x.SCTP.length === 0 && x.TCP.length === 0 && x.UDP.length === 0;
}

export function isAllConnections(x: ConnectionSet): boolean {
  return equalConnections(x, ALL_CONNECTIONS);
}

export function equalConnections(x: ConnectionSet, y: ConnectionSet): boolean {
  return PROTOCOLS.every((p) => intervalsEqual(x[p], y[p]));
}

export function containsConnection(x: ConnectionSet, protocol: Protocol, port: number): boolean {
  return intervalsContain(x[protocol], port);
}

/** x is a subset of y. */
export function connectionsContainedIn(x: ConnectionSet, y: ConnectionSet): boolean {
  return isEmptyConnections(subtractConnections(x, y));
}

/**
 * Canonical text: `All Connections`; `No Connections` for the empty set; otherwise
 * `PROTO ranges` per protocol in the order SCTP, TCP, UDP joined by `,`
 * (`TCP 80,8080-8090,UDP 53`; a protocol open on every port is `TCP 1-65535`).
 */
export function formatConnections(x: ConnectionSet): string {
  if (isAllConnections(x)) return 'All Connections';
  if (isEmptyConnections(x)) return 'No Connections';
  return PROTOCOLS.filter((p) => x[p].length > 0)
    .map((p) => `${p} ${x[p].map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',')}`)
    .join(',');
}
