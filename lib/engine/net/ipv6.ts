// IPv6 addresses as unsigned 128-bit bigints, and CIDR blocks as address intervals.
// The same canonical interval-set form as ./interval-set (sorted, disjoint,
// non-adjacent), over bigint because 2^128 does not fit a number.

import ipaddr from 'ipaddr.js';
import { isIPv6, parseCIDR } from '../../model/ip';
import { AddressError } from './ipv4';

export const IPV6_MAX = (1n << 128n) - 1n;

/** A closed interval of IPv6 addresses. */
export type IPv6Interval = readonly [bigint, bigint];
export type IPv6IntervalSet = readonly IPv6Interval[];

export const ALL_IPV6: IPv6IntervalSet = [[0n, IPV6_MAX]];

export function ipv6ToBigInt(text: string): bigint {
  if (!isIPv6(text)) throw new AddressError(text, 'not an IPv6 address');
  return ipaddr.IPv6.parse(text).parts.reduce((n, part) => (n << 16n) | BigInt(part), 0n);
}

/** RFC 5952 text (`2001:db8::1`). */
export function bigIntToIPv6(n: bigint): string {
  const parts: number[] = [];
  for (let i = 7; i >= 0; i--) parts.push(Number((n >> BigInt(i * 16)) & 0xffffn));
  return new ipaddr.IPv6(parts).toRFC5952String();
}

/** The addresses of an IPv6 CIDR, host bits cleared (`2001:db8::1/32` covers 2001:db8::-2001:db8:ffff:…). */
export function ipv6CidrInterval(cidr: string): IPv6Interval {
  const parsed = parseCIDR(cidr);
  if (!parsed || parsed.family !== 'IPv6') throw new AddressError(cidr, 'not an IPv6 CIDR');
  const size = 1n << BigInt(128 - parsed.bits);
  const base = ipv6ToBigInt(parsed.address);
  const start = base - (base % size);
  return [start, start + size - 1n];
}

export function isIPv6Cidr(cidr: string): boolean {
  return parseCIDR(cidr)?.family === 'IPv6';
}

export function ipv6IntervalsOf(intervals: readonly IPv6Interval[]): IPv6IntervalSet {
  const sorted = intervals
    .filter(([a, b]) => a <= b)
    .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1n) last[1] = last[1] > b ? last[1] : b;
    else out.push([a, b]);
  }
  return out;
}

export function subtractIPv6Intervals(x: IPv6IntervalSet, y: IPv6IntervalSet): IPv6IntervalSet {
  let out: IPv6Interval[] = [...x];
  for (const [c, d] of y) {
    out = out.flatMap(([a, b]): IPv6Interval[] => {
      if (d < a || c > b) return [[a, b]];
      const parts: IPv6Interval[] = [];
      if (c > a) parts.push([a, c - 1n]);
      if (d < b) parts.push([d + 1n, b]);
      return parts;
    });
  }
  return out;
}

export function ipv6IntervalsContain(x: IPv6IntervalSet, n: bigint): boolean {
  return x.some(([a, b]) => a <= n && n <= b);
}

/** `cidr` minus every IPv6 `except` CIDR (IPv4 input: empty). */
export function ipv6BlockIntervals(cidr: string, except: readonly string[]): IPv6IntervalSet {
  if (!isIPv6Cidr(cidr)) return [];
  return subtractIPv6Intervals(
    [ipv6CidrInterval(cidr)],
    ipv6IntervalsOf(except.filter(isIPv6Cidr).map(ipv6CidrInterval)),
  );
}

/** `first-last`, both ends in RFC 5952 form. */
export function formatIPv6Interval([a, b]: IPv6Interval): string {
  return `${bigIntToIPv6(a)}-${bigIntToIPv6(b)}`;
}

/** Parses `first-last` back into an interval (reach range peers). */
export function parseIPv6Interval(text: string): IPv6Interval | undefined {
  const m = /^([0-9a-fA-F:.]+)-([0-9a-fA-F:.]+)$/.exec(text);
  if (!m || !isIPv6(m[1]!) || !isIPv6(m[2]!)) return undefined;
  return [ipv6ToBigInt(m[1]!), ipv6ToBigInt(m[2]!)];
}
