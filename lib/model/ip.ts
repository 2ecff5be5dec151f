// The one definition of an IP address and a CIDR, shared by ingest validation, the
// platform readers and the engine. It follows what the Kubernetes API accepts
// (k8s.io/utils/net ParseIPSloppy / the StrictIPCIDRValidation rules):
//   IPv4: four dotted decimal parts, 0-255, no leading zeros. The inet_aton shorthands
//         ("10.1" = 10.0.0.1, "0xa.0.0.1", "012.0.0.1" as octal) are refused: ipaddr.js
//         and the C library accept them, the API server and `ip route` users do not mean them.
//   IPv6: RFC 4291 text form (RFC 5952 output is not required), no zone ("%eth0").
// Families are spelled as the Service API spells them (spec.ipFamilies: IPv4 | IPv6).

import ipaddr from 'ipaddr.js';

export type IPFamily = 'IPv4' | 'IPv6';
export const IP_FAMILIES = ['IPv4', 'IPv6'] as const satisfies readonly IPFamily[];

/** Strict four-part dotted decimal. */
export function isIPv4(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

/** An IPv6 address without a zone index. */
export function isIPv6(text: string): boolean {
  return text.includes(':') && !text.includes('%') && ipaddr.IPv6.isValid(text);
}

export function isIP(text: string): boolean {
  return isIPv4(text) || isIPv6(text);
}

/**
 * The text Kubernetes writes for an address (Go's net.IP.String(): RFC 5952 for IPv6,
 * lower case, longest zero run compressed), so a typed `2001:DB8:0::1` finds the pod
 * whose status says `2001:db8::1`. IPv4 is returned as given (already canonical).
 */
export function canonicalIP(text: string): string {
  return isIPv6(text) ? ipaddr.IPv6.parse(text).toRFC5952String() : text;
}

/** Why `text` is not an address, for error messages. */
export function addressProblem(text: string): string {
  const dotted = text.includes('.') && !text.includes(':');
  if (dotted || /^\d+$/.test(text) || /^0x/i.test(text)) {
    return 'IPv4 addresses are four dotted decimal parts 0-255 without leading zeros (a.b.c.d); shorthand, octal and hex forms are not accepted';
  }
  if (text.includes('%')) return 'IPv6 zone indexes (%eth0) are not accepted';
  if (text.includes(':')) return 'not a valid IPv6 address (e.g. 2001:db8::1)';
  return 'not an IPv4 (a.b.c.d) or IPv6 (2001:db8::1) address';
}

/** The family of a well-formed address; undefined for anything else. */
export function ipFamily(text: string): IPFamily | undefined {
  return isIPv4(text) ? 'IPv4' : isIPv6(text) ? 'IPv6' : undefined;
}

export interface ParsedCIDR {
  readonly family: IPFamily;
  readonly address: string;
  readonly bits: number;
}

/**
 * `address/prefix-length` with a strict address and a decimal prefix within the family's
 * width. Host bits may be set (the API server allows `10.1.0.1/16` in ipBlock).
 */
export function parseCIDR(text: string): ParsedCIDR | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = text.slice(0, slash);
  const bitsText = text.slice(slash + 1);
  if (!/^(0|[1-9]\d{0,2})$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  const family = ipFamily(address);
  if (family === undefined || bits > (family === 'IPv4' ? 32 : 128)) return undefined;
  return { family, address, bits };
}

export function isCIDR(text: string): boolean {
  return parseCIDR(text) !== undefined;
}

export function cidrFamily(text: string): IPFamily | undefined {
  return parseCIDR(text)?.family;
}
