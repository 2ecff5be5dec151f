// Address checks for validation. What an address and a CIDR are is defined once, in
// lib/model/ip.ts (strict dotted decimal IPv4, as Kubernetes accepts; IPv6 without a zone).

import { isCIDR, isIP } from '../../model/ip';
import { invalid, optString, type Issues } from './check';

export { isCIDR, isIP, isIPv4, isIPv6 } from '../../model/ip';

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
