// IPv4 addresses as unsigned 32-bit numbers, and CIDR blocks as address intervals.
// Parsing goes through ipaddr.js so that every accepted form matches what the
// Kubernetes API accepts (four-part dotted decimal only for CIDRs).

import ipaddr from 'ipaddr.js';
import { intervalsOf, subtractIntervals, type Interval, type IntervalSet } from './interval-set';

export const IPV4_MAX = 0xffffffff;
export const ALL_IPV4: IntervalSet = [[0, IPV4_MAX]];

/** Error for an address or CIDR that does not parse. */
export class AddressError extends Error {
  override name = 'AddressError';
  constructor(readonly value: string, reason: string) {
    super(`${JSON.stringify(value)}: ${reason}`);
  }
}

/** True when `text` is a dotted-quad IPv4 address. */
export function isIPv4(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

/** True when `cidr` is an IPv4 CIDR (`a.b.c.d/n`). */
export function isIPv4Cidr(cidr: string): boolean {
  return ipaddr.IPv4.isValidCIDRFourPartDecimal(cidr);
}

export function ipv4ToNumber(text: string): number {
  if (!isIPv4(text)) throw new AddressError(text, 'not an IPv4 address');
  // Validated as four decimal parts above, so splitting is exact.
  const [a, b, c, d] = text.split('.').map(Number) as [number, number, number, number];
  return ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
}

export function numberToIPv4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/**
 * The addresses of an IPv4 CIDR as one interval. Host bits are cleared first, as the
 * API server and the CNIs do (`10.1.0.1/4` covers `0.0.0.0-15.255.255.255`).
 */
export function ipv4CidrInterval(cidr: string): Interval {
  if (!isIPv4Cidr(cidr)) throw new AddressError(cidr, 'not an IPv4 CIDR');
  const [addr, bits] = ipaddr.IPv4.parseCIDR(cidr);
  const base = ipv4ToNumber(addr.toString());
  const size = 2 ** (32 - bits);
  const start = base - (base % size);
  return [start, start + size - 1];
}

/** `cidr` minus every `except` CIDR, as canonical IPv4 intervals (IPv6 input: empty). */
export function ipBlockIntervals(cidr: string, except: readonly string[]): IntervalSet {
  if (!isIPv4Cidr(cidr)) return [];
  const excluded = intervalsOf(except.filter(isIPv4Cidr).map(ipv4CidrInterval));
  return subtractIntervals([ipv4CidrInterval(cidr)], excluded);
}

/** `first-last` in dotted quads, both ends always written. */
export function formatIPv4Interval([a, b]: Interval): string {
  return `${numberToIPv4(a)}-${numberToIPv4(b)}`;
}

/**
 * Whether `ip` (IPv4 or IPv6) lies in `cidr`. Mixed families never match; an
 * unparsable value never matches (ingest validates CIDRs before they reach here).
 */
export function cidrContains(cidr: string, ip: string): boolean {
  if (!ipaddr.isValidCIDR(cidr) || !ipaddr.isValid(ip)) return false;
  const [net, bits] = ipaddr.parseCIDR(cidr);
  const addr = ipaddr.parse(ip);
  if (net.kind() !== addr.kind()) return false;
  return addr.match(net, bits);
}

/** `cidr` contains `ip` and no `except` CIDR does. */
export function ipBlockContains(cidr: string, except: readonly string[], ip: string): boolean {
  return cidrContains(cidr, ip) && !except.some((e) => cidrContains(e, ip));
}
