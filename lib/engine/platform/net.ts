// Address helpers over ipaddr.js: CIDR membership, MetalLB ranges, subnets.

import ipaddr from 'ipaddr.js';

export function isIP(text: string): boolean {
  return ipaddr.isValid(text);
}

export function isIPv6(text: string): boolean {
  return ipaddr.isValid(text) && ipaddr.parse(text).kind() === 'ipv6';
}

/** True when `ip` lies in `cidr`; false for malformed input or mixed families. */
export function cidrContains(cidr: string, ip: string): boolean {
  try {
    const [range, bits] = ipaddr.parseCIDR(cidr);
    const addr = ipaddr.parse(ip);
    if (addr.kind() !== range.kind()) return false;
    return addr.match(range, bits);
  } catch {
    return false;
  }
}

function toNumber(ip: string): number | undefined {
  if (!ipaddr.IPv4.isValid(ip)) return undefined;
  return ipaddr.IPv4.parse(ip).octets.reduce((n, o) => n * 256 + o, 0);
}

/** MetalLB address entry: a CIDR (`10.0.0.0/24`) or a range (`10.0.0.10-10.0.0.20`). */
export function addressEntryContains(entry: string, ip: string): boolean {
  const dash = entry.indexOf('-');
  if (dash < 0) return entry.includes('/') ? cidrContains(entry, ip) : entry === ip;
  const lo = toNumber(entry.slice(0, dash).trim());
  const hi = toNumber(entry.slice(dash + 1).trim());
  const n = toNumber(ip);
  return lo !== undefined && hi !== undefined && n !== undefined && n >= lo && n <= hi;
}

/** First address of a MetalLB entry, used when an IP would be assigned but is not yet. */
export function firstAddress(entry: string): string | undefined {
  const dash = entry.indexOf('-');
  if (dash >= 0) return entry.slice(0, dash).trim();
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
