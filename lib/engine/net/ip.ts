// Family-generic address helpers: which family an address or CIDR is, containment that
// never mixes families, and address selection for a family. The syntax itself lives in
// lib/model/ip.ts (shared with ingest validation), re-exported here for the engine.

import { ipFamily, parseCIDR, type IPFamily } from '../../model/ip';
import { ipv4CidrInterval, ipv4ToNumber } from './ipv4';
import { ipv6CidrInterval, ipv6ToBigInt } from './ipv6';

export {
  addressProblem,
  canonicalIP,
  cidrFamily,
  IP_FAMILIES,
  ipFamily,
  isCIDR,
  isIP,
  isIPv4,
  isIPv6,
  parseCIDR,
  type IPFamily,
  type ParsedCIDR,
} from '../../model/ip';

/**
 * Whether `ip` lies in `cidr`. Mixed families never match (an IPv4 address is not in an
 * IPv6 block, not even as ::ffff:a.b.c.d: kube-proxy and the CNIs program each family in
 * its own table); an unparsable value never matches (ingest validates before here).
 */
export function cidrContains(cidr: string, ip: string): boolean {
  const block = parseCIDR(cidr);
  const family = ipFamily(ip);
  if (!block || family !== block.family) return false;
  if (family === 'IPv4') {
    const [a, b] = ipv4CidrInterval(cidr);
    const n = ipv4ToNumber(ip);
    return a <= n && n <= b;
  }
  const [a, b] = ipv6CidrInterval(cidr);
  const n = ipv6ToBigInt(ip);
  return a <= n && n <= b;
}

/** `cidr` contains `ip` and no `except` CIDR does. */
export function ipBlockContains(
  cidr: string,
  except: readonly string[],
  ip: string,
  contains: (cidr: string, ip: string) => boolean = cidrContains,
): boolean {
  return contains(cidr, ip) && !except.some((e) => contains(e, ip));
}

type ParsedBlock =
  | { readonly family: 'IPv4'; readonly v: readonly [number, number] }
  | { readonly family: 'IPv6'; readonly v: readonly [bigint, bigint] };
type ParsedAddress =
  { readonly family: 'IPv4'; readonly v: number } | { readonly family: 'IPv6'; readonly v: bigint };

/**
 * `cidrContains` with each CIDR and each address parsed once, for the loops that test
 * every pod address against every ipBlock (the lint of a 50,000-pod cluster makes tens of
 * millions of tests; parsing each time was nearly all of its cost). One per loop: the
 * parsed values are kept as long as the function is.
 */
export function cidrMatcher(): (cidr: string, ip: string) => boolean {
  const block = parsedOnce((cidr): ParsedBlock | null => {
    const family = parseCIDR(cidr)?.family;
    if (family === 'IPv4') return { family, v: ipv4CidrInterval(cidr) };
    return family === 'IPv6' ? { family, v: ipv6CidrInterval(cidr) } : null;
  });
  const address = parsedOnce((ip): ParsedAddress | null => {
    const family = ipFamily(ip);
    if (family === 'IPv4') return { family, v: ipv4ToNumber(ip) };
    return family === 'IPv6' ? { family, v: ipv6ToBigInt(ip) } : null;
  });
  return (cidr, ip) => {
    const b = block(cidr);
    const a = b && address(ip);
    if (!b || !a || a.family !== b.family) return false;
    return b.v[0] <= a.v && a.v <= b.v[1];
  };
}

/** `parse` run once per distinct text (null included), for the life of the returned function. */
function parsedOnce<T>(parse: (text: string) => T): (text: string) => T {
  const parsed = new Map<string, T>();
  return (text) => {
    if (parsed.has(text)) return parsed.get(text) as T;
    const value = parse(text);
    parsed.set(text, value);
    return value;
  };
}

/** The first address of `family` in `ips` (status.podIPs, spec.clusterIPs, node InternalIPs). */
export function addressOfFamily(ips: readonly string[], family: IPFamily): string | undefined {
  return ips.find((ip) => ipFamily(ip) === family);
}

/** The families present in `ips`, in order of first appearance (the primary family first). */
export function familiesOf(ips: readonly string[]): IPFamily[] {
  const out: IPFamily[] = [];
  for (const ip of ips) {
    const f = ipFamily(ip);
    if (f && !out.includes(f)) out.push(f);
  }
  return out;
}
