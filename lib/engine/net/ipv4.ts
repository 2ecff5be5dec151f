// IPv4 addresses as unsigned 32-bit numbers, and CIDR blocks as address intervals.
// The accepted forms are lib/model/ip.ts's (four-part dotted decimal only).

import { isIPv4, parseCIDR } from '../../model/ip';
import { intervalsOf, subtractIntervals, type Interval, type IntervalSet } from './interval-set';

export const IPV4_MAX = 0xffffffff;
export const ALL_IPV4: IntervalSet = [[0, IPV4_MAX]];

/** Error for an address or CIDR that does not parse. */
export class AddressError extends Error {
  override name = 'AddressError';
  constructor(
    readonly value: string,
    reason: string,
  ) {
    super(`${JSON.stringify(value)}: ${reason}`);
  }
}

/** True when `cidr` is an IPv4 CIDR (`a.b.c.d/n`). */
export function isIPv4Cidr(cidr: string): boolean {
  return parseCIDR(cidr)?.family === 'IPv4';
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
  const parsed = parseCIDR(cidr);
  if (!parsed || parsed.family !== 'IPv4') throw new AddressError(cidr, 'not an IPv4 CIDR');
  const { address, bits } = parsed;
  const base = ipv4ToNumber(address);
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
