// Minimal IPv4 arithmetic for laying out node and pod addresses.

export function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new RangeError(`not an IPv4 address: ${ip}`);
  }
  return (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export interface Cidr {
  readonly base: number;
  readonly prefix: number;
  readonly size: number;
}

export function parseCidr(cidr: string): Cidr {
  const [ip, len] = cidr.split('/');
  const prefix = Number(len);
  if (ip === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) {
    throw new RangeError(`not an IPv4 CIDR: ${cidr}`);
  }
  const size = 2 ** (32 - prefix);
  const base = ipToInt(ip) - (ipToInt(ip) % size);
  return { base, prefix, size };
}

/** The address `offset` places after the network address of `cidr`. */
export function nthIp(cidr: string, offset: number): string {
  const c = parseCidr(cidr);
  if (offset < 0 || offset >= c.size) throw new RangeError(`offset ${offset} outside ${cidr}`);
  return intToIp(c.base + offset);
}

/** The `index`-th subnet of length `prefix` inside `cidr` (10.244.0.0/16, 24, 3 → 10.244.3.0/24). */
export function subnet(cidr: string, prefix: number, index: number): string {
  const c = parseCidr(cidr);
  const size = 2 ** (32 - prefix);
  if (prefix < c.prefix || (index + 1) * size > c.size)
    throw new RangeError(`subnet ${index}/${prefix} outside ${cidr}`);
  return `${intToIp(c.base + index * size)}/${prefix}`;
}
