// Address checks. IPv4 is checked by hand because ipaddr.js also accepts the
// inet_aton shorthands ("10.0.0" = 10.0.0.0), which Kubernetes rejects; IPv6 goes
// through ipaddr.js.

import ipaddr from 'ipaddr.js';
import { invalid, optString, type Issues } from './check';

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);

export function isIPv4(s: string): boolean {
  return IPV4.test(s);
}

export function isIPv6(s: string): boolean {
  return s.includes(':') && ipaddr.IPv6.isValid(s);
}

export function isIP(s: string): boolean {
  return isIPv4(s) || isIPv6(s);
}

/** `a.b.c.d/n` or an IPv6 prefix. Host bits may be set (the API server allows it in ipBlock). */
export function isCIDR(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const addr = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return false;
  const n = Number(bits);
  if (isIPv4(addr)) return n <= 32;
  return isIPv6(addr) && n <= 128;
}

export function optIP(iss: Issues, v: unknown, path: string): string | undefined {
  const s = optString(iss, v, path);
  if (s === undefined) return undefined;
  return isIP(s) ? s : invalid(iss, path, `"${s}" is not an IP address`);
}

export function optCIDR(iss: Issues, v: unknown, path: string): string | undefined {
  const s = optString(iss, v, path);
  if (s === undefined) return undefined;
  return isCIDR(s) ? s : invalid(iss, path, `"${s}" is not a CIDR (address/prefix-length)`);
}

/** A CIDR, a single IP, or a `first-last` range (MetalLB address pools). */
export function optAddressRange(iss: Issues, v: unknown, path: string): string | undefined {
  const s = optString(iss, v, path);
  if (s === undefined) return undefined;
  if (isCIDR(s) || isIP(s)) return s;
  const dash = s.indexOf('-');
  if (dash > 0 && isIP(s.slice(0, dash).trim()) && isIP(s.slice(dash + 1).trim())) return s;
  return invalid(iss, path, `"${s}" is not a CIDR or an address range (first-last)`);
}
