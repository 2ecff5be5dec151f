// The chain names kube-proxy gives a Service port and its endpoints, reproduced exactly
// so verify commands can name the real chain (kubernetes pkg/proxy/iptables/proxier.go
// portProtoHash / servicePortEndpointChainName, pkg/proxy/nftables/proxier.go
// hashAndTruncate / servicePortChainNameBase / servicePortEndpointChainNameBase).

import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { base32 } from '@scure/base';

/** base32(sha256(text)): Go's base32.StdEncoding (RFC 4648, padded) of the digest, as kube-proxy hashes names. */
function hashBase32(text: string): string {
  return base32.encode(sha256(utf8ToBytes(text)));
}

export interface ServicePortId {
  readonly namespace: string;
  readonly name: string;
  /** spec.ports[].name; empty for a single unnamed port. */
  readonly portName?: string;
  readonly protocol: string;
}

/** ServicePortName.String(): `ns/name:port`, or `ns/name` when the port has no name. */
export function servicePortNameString(id: ServicePortId): string {
  return `${id.namespace}/${id.name}${id.portName ? `:${id.portName}` : ''}`;
}

/** net.JoinHostPort: brackets around IPv6 addresses. */
export function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

function hash16(text: string): string {
  return hashBase32(text).slice(0, 16);
}

export interface IptablesChains {
  /** KUBE-SVC-*: Cluster policy dispatch to all endpoints. */
  readonly svc: string;
  /** KUBE-SVL-*: Local policy dispatch (internal/externalTrafficPolicy Local). */
  readonly svl: string;
  /** KUBE-EXT-*: node ports, load-balancer IPs and external IPs. */
  readonly ext: string;
  /** KUBE-FW-*: loadBalancerSourceRanges filtering. */
  readonly fw: string;
}

/** iptables chains of a Service port: the hash is over servicePortName + lowercase protocol. */
export function iptablesChains(id: ServicePortId): IptablesChains {
  const h = hash16(servicePortNameString(id) + id.protocol.toLowerCase());
  return { svc: `KUBE-SVC-${h}`, svl: `KUBE-SVL-${h}`, ext: `KUBE-EXT-${h}`, fw: `KUBE-FW-${h}` };
}

/** KUBE-SEP-* of one endpoint: the hash also covers the endpoint's `ip:port`. */
export function iptablesEndpointChain(id: ServicePortId, ip: string, port: number): string {
  return `KUBE-SEP-${hash16(servicePortNameString(id) + id.protocol.toLowerCase() + joinHostPort(ip, port))}`;
}

/**
 * chainNameBaseLengthMax: knftables.NameLengthMax (256) minus chainNamePrefixLengthMax (16)
 * = 240 (pkg/proxy/nftables/proxier.go). A service chain base is at most 205 characters
 * (63 + 63 + 63 + 4 + 8 hash + 4 punctuation), so only endpoint chains can ever be cut.
 */
export const NFT_BASE_MAX = 256 - 16;

function hashAndTruncate(name: string): string {
  const full = `${hashBase32(name).slice(0, 8)}-${name}`;
  return full.length > NFT_BASE_MAX ? `${full.slice(0, NFT_BASE_MAX - 3)}...` : full;
}

function nftBase(id: ServicePortId): string {
  return `${id.namespace}/${id.name}/${id.protocol.toLowerCase()}/${id.portName ?? ''}`;
}

export interface NftablesChains {
  readonly service: string;
  readonly local: string;
  readonly external: string;
  readonly firewall: string;
}

/** Chains of a Service port in table `ip kube-proxy` (`service-HASH-ns/name/tcp/port`). */
export function nftablesChains(id: ServicePortId): NftablesChains {
  const base = hashAndTruncate(nftBase(id));
  return {
    service: `service-${base}`,
    local: `local-${base}`,
    external: `external-${base}`,
    firewall: `firewall-${base}`,
  };
}

/** `endpoint-HASH-ns/name/tcp/port__ip/port`; IPv6 colons become dots. */
export function nftablesEndpointChain(id: ServicePortId, ip: string, port: number): string {
  return `endpoint-${hashAndTruncate(`${nftBase(id)}__${ip.replace(/:/g, '.')}/${port}`)}`;
}

/** `affinity-HASH-ns/name/tcp/port__ip/port`: the per-endpoint ClientIP affinity set (sessionAffinity). */
export function nftablesAffinitySet(id: ServicePortId, ip: string, port: number): string {
  return `affinity-${hashAndTruncate(`${nftBase(id)}__${ip.replace(/:/g, '.')}/${port}`)}`;
}

/** nft table family for an address. */
export function nftFamily(ip: string): 'ip' | 'ip6' {
  return ip.includes(':') ? 'ip6' : 'ip';
}
