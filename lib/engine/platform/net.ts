// Address helpers the platform readers need: MetalLB ranges, subnets. What an address
// and a CIDR are (and containment) comes from the one address module, lib/model/ip.ts
// via lib/engine/net.

import ipaddr from 'ipaddr.js';
import { isCIDR, isIP, isIPv4 } from '../../model/ip';
import { cidrContains } from '../net/ip';
import { ipv6ToBigInt } from '../net/ipv6';

export { cidrContains } from '../net/ip';
export { isIP, isIPv6 } from '../../model/ip';

function toNumber(ip: string): number | undefined {
  if (!isIPv4(ip)) return undefined;
  return ipaddr.IPv4.parse(ip).octets.reduce((n, o) => n * 256 + o, 0);
}

function toBig(ip: string): bigint | undefined {
  const n = toNumber(ip);
  if (n !== undefined) return BigInt(n) | (1n << 200n); // tag IPv4 so families never compare equal
  return isIP(ip) ? ipv6ToBigInt(ip) : undefined;
}

/** MetalLB address entry: a CIDR (`10.0.0.0/24`) or a range (`10.0.0.10-10.0.0.20`). */
export function addressEntryContains(entry: string, ip: string): boolean {
  const dash = entry.indexOf('-');
  if (dash < 0) return entry.includes('/') ? cidrContains(entry, ip) : entry === ip;
  // MetalLB accepts IPv6 ranges too (`fc00:f853:ccd:e799::10-fc00:f853:ccd:e799::20`).
  const lo = toBig(entry.slice(0, dash).trim());
  const hi = toBig(entry.slice(dash + 1).trim());
  const n = toBig(ip);
  return lo !== undefined && hi !== undefined && n !== undefined && n >= lo && n <= hi;
}

/** First address of a MetalLB entry, used when an IP would be assigned but is not yet. */
export function firstAddress(entry: string): string | undefined {
  const dash = entry.indexOf('-');
  if (dash >= 0) return entry.slice(0, dash).trim();
  if (!isCIDR(entry)) return isIP(entry) ? entry : undefined;
  try {
    const [range, bits] = ipaddr.parseCIDR(entry);
    if (range.kind() !== 'ipv4') return range.toString();
    const n = (toNumber(range.toString()) ?? 0) >>> 0;
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    const base = (n & mask) >>> 0;
    const first = bits >= 31 ? base : base + 1;
    return [24, 16, 8, 0].map((s) => (first >>> s) & 255).join('.');
  } catch {
    return isIP(entry) ? entry : undefined;
  }
}

/** Network of an `address/prefix` text (Calico's `projectcalico.org/IPv4Address`). */
export function networkOf(addressWithPrefix: string): string | undefined {
  // Only well-formed `address/prefix` text (ipaddr.js alone would take "10.1/16").
  if (!isCIDR(addressWithPrefix)) return undefined;
  try {
    const [addr, bits] = ipaddr.parseCIDR(addressWithPrefix);
    if (addr.kind() === 'ipv4') {
      const n = toNumber(addr.toString()) ?? 0;
      const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
      const base = (n & mask) >>> 0;
      return `${[24, 16, 8, 0].map((s) => (base >>> s) & 255).join('.')}/${bits}`;
    }
    return `${ipaddr.IPv6.networkAddressFromCIDR(addressWithPrefix).toString()}/${bits}`;
  } catch {
    return undefined;
  }
}
