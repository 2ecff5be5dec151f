// Connection sets: which (IP protocol, destination, source) combinations are allowed. This is
// the value type every policy computation works in (union of rules, intersection of egress
// and ingress, subtraction of what a higher tier already decided), so a full connection-set
// answer costs a few interval operations instead of probing every port.
//
// A set is a three-level nested interval map (a union of boxes kept canonical):
// - level 1: the IP protocol number, 1-255 (IANA "Assigned Internet Protocol Numbers");
// - level 2: the destination port (TCP, UDP, SCTP, UDPLite: 1-65535) or the ICMP / ICMPv6
//   type (0-255); protocols without ports or types have one value, 0;
// - level 3: the source port (1-65535) or the ICMP / ICMPv6 code (0-255); 0 otherwise.
// Calico matches all of these (docs.tigera.io/calico/latest/reference/resources/
// networkpolicy#rule: protocol / notProtocol, icmp / notICMP type and code, source and
// destination ports); Kubernetes NetworkPolicy and Cilium use a subset.

import type { Protocol } from '../../model/types';
import { intervalsContain, intervalsOf, type Interval, type IntervalSet } from './interval-set';

export const MIN_PORT = 1;
export const MAX_PORT = 65535;
export const ALL_PORTS: IntervalSet = [[MIN_PORT, MAX_PORT]];

/** Protocols whose connections have destination and source ports. */
export type PortProtocol = Protocol | 'UDPLite';
/** Protocols whose connections have an ICMP type and code. */
export type IcmpProtocol = 'ICMP' | 'ICMPv6';

/** IANA protocol numbers of the protocols with a name here. */
export const PROTOCOL_NUMBER: Readonly<Record<PortProtocol | IcmpProtocol, number>> = {
  ICMP: 1,
  TCP: 6,
  UDP: 17,
  ICMPv6: 58,
  SCTP: 132,
  UDPLite: 136,
};
const PORT_PROTOCOLS: readonly PortProtocol[] = ['SCTP', 'TCP', 'UDP', 'UDPLite'];
const ICMP_PROTOCOLS: readonly IcmpProtocol[] = ['ICMP', 'ICMPv6'];
export const MIN_PROTOCOL = 1;
export const MAX_PROTOCOL = 255;
const MAX_ICMP = 255;

/**
 * The Linux default ephemeral port range (net.ipv4.ip_local_port_range "32768 60999",
 * docs.kernel.org/networking/ip-sysctl.html): the source port a client picks, so a traced
 * packet, which has no source port of its own, is allowed when every port of it is.
 */
export const EPHEMERAL_PORTS: Interval = [32768, 60999];

/** One piece of a level: the values lo..hi, and below them the next level (null at the last). */
type Segment = readonly [lo: number, hi: number, below: Level | null];
/** Sorted, disjoint, non-empty segments; adjacent segments with equal levels below are merged. */
type Level = readonly Segment[];

/** Allowed connections. Plain, serialisable data; never mutated. */
export interface ConnectionSet {
  readonly protocols: Level;
}

const leaf = (set: IntervalSet): Level => set.map(([a, b]) => [a, b, null] as const);
const box = (outer: IntervalSet, inner: IntervalSet): Level =>
  inner.length === 0 ? [] : outer.map(([a, b]) => [a, b, leaf(inner)] as const);

const PORT_BOX = box(ALL_PORTS, ALL_PORTS);
const ICMP_BOX = box([[0, MAX_ICMP]], [[0, MAX_ICMP]]);
const UNIT_BOX = box([[0, 0]], [[0, 0]]);

function universeOf(protocol: number): Level {
  if ((PORT_PROTOCOLS as readonly string[]).some((p) => PROTOCOL_NUMBER[p as PortProtocol] === protocol))
    return PORT_BOX;
  if (ICMP_PROTOCOLS.some((p) => PROTOCOL_NUMBER[p] === protocol)) return ICMP_BOX;
  return UNIT_BOX;
}

function levelsEqual(x: Level | null, y: Level | null): boolean {
  if (x === y) return true;
  if (x === null || y === null || x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const [a1, b1, c1] = x[i]!;
    const [a2, b2, c2] = y[i]!;
    if (a1 !== a2 || b1 !== b2 || !levelsEqual(c1, c2)) return false;
  }
  return true;
}

function push(out: [number, number, Level | null][], lo: number, hi: number, below: Level | null): void {
  const last = out[out.length - 1];
  if (last && last[1] + 1 === lo && levelsEqual(last[2], below)) last[1] = hi;
  else out.push([lo, hi, below]);
}

/** Pointwise `op` of two levels of the same depth; op(false, false) must be false. */
function combine(x: Level, y: Level, op: (inX: boolean, inY: boolean) => boolean): Level {
  const out: [number, number, Level | null][] = [];
  let i = 0;
  let j = 0;
  let from = -Infinity;
  while (i < x.length || j < y.length) {
    const sx = x[i];
    const sy = y[j];
    const lo = Math.min(sx ? Math.max(sx[0], from) : Infinity, sy ? Math.max(sy[0], from) : Infinity);
    const inX = sx !== undefined && sx[0] <= lo;
    const inY = sy !== undefined && sy[0] <= lo;
    let hi = Infinity;
    if (sx) hi = Math.min(hi, inX ? sx[1] : sx[0] - 1);
    if (sy) hi = Math.min(hi, inY ? sy[1] : sy[0] - 1);
    const bx = inX ? sx[2] : null;
    const by = inY ? sy[2] : null;
    if (bx === null && by === null) {
      // The last level (or both absent, which op maps to nothing).
      if (op(inX, inY)) push(out, lo, hi, null);
    } else {
      const below = combine(bx ?? [], by ?? [], op);
      if (below.length > 0) push(out, lo, hi, below);
    }
    from = hi + 1;
    if (inX && sx[1] === hi) i++;
    if (inY && sy[1] === hi) j++;
  }
  return out;
}

const of = (protocols: Level): ConnectionSet => ({ protocols });

export const NO_CONNECTIONS: ConnectionSet = of([]);

/** The connections of one protocol number, all of them. */
export function protocolNumberConnections(protocol: number): ConnectionSet {
  if (!Number.isInteger(protocol) || protocol < MIN_PROTOCOL || protocol > MAX_PROTOCOL)
    return NO_CONNECTIONS;
  return of([[protocol, protocol, universeOf(protocol)]]);
}

export const ALL_CONNECTIONS: ConnectionSet = (() => {
  let all: Level = [];
  for (let p = MIN_PROTOCOL; p <= MAX_PROTOCOL; p++)
    all = combine(all, protocolNumberConnections(p).protocols, (a, b) => a || b);
  return of(all);
})();

const clampPorts = (ports: IntervalSet): IntervalSet =>
  intervalsOf(ports.map(([a, b]) => [Math.max(a, MIN_PORT), Math.min(b, MAX_PORT)]));

/** The set holding destination `ports` (default: all) from source `srcPorts` (default: all) of one protocol. */
export function protocolConnections(
  protocol: PortProtocol,
  ports: IntervalSet = ALL_PORTS,
  srcPorts: IntervalSet = ALL_PORTS,
): ConnectionSet {
  const n = PROTOCOL_NUMBER[protocol];
  const below = box(clampPorts(ports), clampPorts(srcPorts));
  return below.length === 0 ? NO_CONNECTIONS : of([[n, n, below]]);
}

/**
 * ICMP or ICMPv6 messages: every one, those of one type, or of one type and code
 * (Calico ICMP {type, code}; Cilium ICMPField {family, type}).
 */
export function icmpConnections(protocol: IcmpProtocol, type?: number, code?: number): ConnectionSet {
  const n = PROTOCOL_NUMBER[protocol];
  const types: IntervalSet = type === undefined ? [[0, MAX_ICMP]] : [[type, type]];
  const codes: IntervalSet = code === undefined ? [[0, MAX_ICMP]] : [[code, code]];
  return of([[n, n, box(types, codes)]]);
}

/** The set holding one destination port of one protocol, from any source port. */
export function singleConnection(protocol: Protocol, port: number): ConnectionSet {
  return protocolConnections(protocol, [[port, port]]);
}

export function unionConnections(x: ConnectionSet, y: ConnectionSet): ConnectionSet {
  if (x.protocols.length === 0) return y;
  if (y.protocols.length === 0) return x;
  return of(combine(x.protocols, y.protocols, (a, b) => a || b));
}

export function intersectConnections(x: ConnectionSet, y: ConnectionSet): ConnectionSet {
  if (x.protocols.length === 0 || y.protocols.length === 0) return NO_CONNECTIONS;
  if (x === ALL_CONNECTIONS) return y;
  if (y === ALL_CONNECTIONS) return x;
  return of(combine(x.protocols, y.protocols, (a, b) => a && b));
}

export function subtractConnections(x: ConnectionSet, y: ConnectionSet): ConnectionSet {
  if (x.protocols.length === 0 || y.protocols.length === 0) return x;
  return of(combine(x.protocols, y.protocols, (a, b) => a && !b));
}

export function unionAllConnections(sets: readonly ConnectionSet[]): ConnectionSet {
  return sets.reduce(unionConnections, NO_CONNECTIONS);
}

export function isEmptyConnections(x: ConnectionSet): boolean {
  return x.protocols.length === 0;
}

export function equalConnections(x: ConnectionSet, y: ConnectionSet): boolean {
  return levelsEqual(x.protocols, y.protocols);
}

export function isAllConnections(x: ConnectionSet): boolean {
  return equalConnections(x, ALL_CONNECTIONS);
}

/** x is a subset of y. */
export function connectionsContainedIn(x: ConnectionSet, y: ConnectionSet): boolean {
  return isEmptyConnections(subtractConnections(x, y));
}

function below(level: Level, value: number): Level | null | undefined {
  for (const [a, b, c] of level) if (a <= value && value <= b) return c;
  return undefined;
}

/**
 * Whether `x` allows `protocol` to destination `port` from every source port in
 * `srcPorts` (default: the ephemeral range a client picks its port from).
 */
export function containsConnection(
  x: ConnectionSet,
  protocol: Protocol,
  port: number,
  srcPorts: Interval = EPHEMERAL_PORTS,
): boolean {
  const dst = below(x.protocols, PROTOCOL_NUMBER[protocol]);
  const src = dst ? below(dst, port) : undefined;
  if (!src) return false;
  return src.some(([a, b]) => a <= srcPorts[0] && srcPorts[1] <= b);
}

/** Whether `x` allows the ICMP / ICMPv6 message of `type` and `code`. */
export function containsIcmp(x: ConnectionSet, protocol: IcmpProtocol, type: number, code: number): boolean {
  const types = below(x.protocols, PROTOCOL_NUMBER[protocol]);
  const codes = types ? below(types, type) : undefined;
  return codes
    ? intervalsContain(
        codes.map(([a, b]) => [a, b] as const),
        code,
      )
    : false;
}

/** The destination ports of `protocol` that `x` allows from some source port. */
export function destinationPorts(x: ConnectionSet, protocol: PortProtocol): IntervalSet {
  const dst = below(x.protocols, PROTOCOL_NUMBER[protocol]);
  return dst ? intervalsOf(dst.map(([a, b]) => [a, b])) : [];
}

const ranges = (set: Level, sep = ','): string =>
  set.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(sep);

function formatPorts(name: string, dst: Level): string {
  // Destination ranges with the same source ports print together; all source ports print nothing.
  const groups = new Map<string, { src: Level | null; dst: [number, number][] }>();
  for (const [a, b, src] of dst) {
    const all = src !== null && levelsEqual(src, leaf(ALL_PORTS));
    const key = all ? '' : ranges(src ?? []);
    const g = groups.get(key) ?? { src: all ? null : src, dst: [] };
    g.dst.push([a, b]);
    groups.set(key, g);
  }
  return [...groups.values()]
    .map((g) => `${name} ${ranges(leaf(g.dst))}${g.src ? ` src ${ranges(g.src, '+')}` : ''}`)
    .join(',');
}

function formatIcmp(name: string, types: Level): string {
  if (levelsEqual(types, ICMP_BOX)) return name;
  const parts = types.map(([a, b, codes]) => {
    const t = a === b ? `${a}` : `${a}-${b}`;
    return codes && levelsEqual(codes, leaf([[0, MAX_ICMP]])) ? t : `${t}/${ranges(codes ?? [], '+')}`;
  });
  return `${name} type ${parts.join(',')}`;
}

/**
 * Canonical text: `All Connections`; `No Connections` for the empty set; otherwise, joined
 * by `,`: the port protocols in the order SCTP, TCP, UDP, UDPLite, each with its merged,
 * sorted destination port ranges (`TCP 80,8080-8090,UDP 53`; every port is `TCP 1-65535`;
 * ports open from some source ports only add ` src 1-1023+2000`), then `ICMP` / `ICMPv6`
 * (all messages) or `ICMP type 0,3/1+4,8` (type, or type/codes), then `protocol 112` /
 * `protocols 2-5,7-16` for the other protocol numbers. When what is missing is shorter to
 * say, `All Connections except TCP 80`.
 */
export function formatConnections(x: ConnectionSet): string {
  if (isAllConnections(x)) return 'All Connections';
  if (isEmptyConnections(x)) return 'No Connections';
  const listed = listConnections(x);
  // A set that lacks little (what an ANP deny of one port leaves) reads better by what it lacks.
  const missing = listConnections(subtractConnections(ALL_CONNECTIONS, x));
  return missing.length < listed.length ? `All Connections except ${missing}` : listed;
}

function listConnections(x: ConnectionSet): string {
  const parts: string[] = [];
  for (const p of PORT_PROTOCOLS) {
    const dst = below(x.protocols, PROTOCOL_NUMBER[p]);
    if (dst) parts.push(formatPorts(p, dst));
  }
  for (const p of ICMP_PROTOCOLS) {
    const types = below(x.protocols, PROTOCOL_NUMBER[p]);
    if (types) parts.push(formatIcmp(p, types));
  }
  const named = new Set(Object.values(PROTOCOL_NUMBER));
  const others = intervalsOf(
    x.protocols.flatMap(([a, b]) => {
      const out: [number, number][] = [];
      let start = a;
      for (let n = a; n <= b + 1; n++) {
        if (n > b || named.has(n)) {
          if (start <= n - 1) out.push([start, n - 1]);
          start = n + 1;
        }
      }
      return out;
    }),
  );
  if (others.length > 0)
    parts.push(
      `${others.length === 1 && others[0]![0] === others[0]![1] ? 'protocol' : 'protocols'} ${ranges(leaf(others))}`,
    );
  return parts.join(',');
}

/**
 * Only what TCP, UDP and SCTP allow by destination port (from some source port): the view
 * of tools that model those three protocols only, such as netpol-analyzer.
 */
export function portProtocolsOnly(x: ConnectionSet): ConnectionSet {
  return unionAllConnections(
    (['SCTP', 'TCP', 'UDP'] as const).map((p) => protocolConnections(p, destinationPorts(x, p))),
  );
}

const ALL_PORT_PROTOCOLS = portProtocolsOnly(ALL_CONNECTIONS);

/** The canonical text of `portProtocolsOnly(x)`, where the three protocols on every port are `All Connections`. */
export function formatPortProtocols(x: ConnectionSet): string {
  const only = portProtocolsOnly(x);
  return equalConnections(only, ALL_PORT_PROTOCOLS) ? 'All Connections' : formatConnections(only);
}
