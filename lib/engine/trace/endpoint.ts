// Parsing of trace endpoints: pod:NS/NAME, svc:NS/NAME, node:NAME, ip:ADDRESS,
// http(s)://HOST[:PORT]/PATH and the workloads deploy:, sts:, ds:, rs:, job:NS/NAME
// (shared/contracts/cli.md "Workload endpoints"). Syntax only; resolve.ts and
// workload-replicas.ts look the names up.

import { addressProblem, canonicalIP, isIP } from '../net/ip';
import { EndpointError } from './errors';

/** The workload kinds an endpoint can name, by their contract prefix. */
export const WORKLOAD_PREFIXES = {
  deploy: 'Deployment',
  sts: 'StatefulSet',
  ds: 'DaemonSet',
  rs: 'ReplicaSet',
  job: 'Job',
} as const;

export type WorkloadPrefix = keyof typeof WORKLOAD_PREFIXES;
export type WorkloadKind = (typeof WORKLOAD_PREFIXES)[WorkloadPrefix];

const PREFIX_OF_KIND: Readonly<Record<WorkloadKind, WorkloadPrefix>> = {
  Deployment: 'deploy',
  StatefulSet: 'sts',
  DaemonSet: 'ds',
  ReplicaSet: 'rs',
  Job: 'job',
};

/** Spelled-out kinds people type (`deployment:web`), mapped to the prefix the grammar takes. */
const LONG_FORMS: Readonly<Record<string, WorkloadPrefix>> = {
  deployment: 'deploy',
  statefulset: 'sts',
  daemonset: 'ds',
  replicaset: 'rs',
};

const isWorkloadPrefix = (p: string): p is WorkloadPrefix => Object.hasOwn(WORKLOAD_PREFIXES, p);

export type ParsedEndpoint =
  | { readonly type: 'pod'; readonly namespace: string; readonly name: string }
  | {
      readonly type: 'workload';
      readonly kind: WorkloadKind;
      readonly namespace: string;
      readonly name: string;
    }
  | { readonly type: 'svc'; readonly namespace: string; readonly name: string }
  | { readonly type: 'node'; readonly name: string }
  | { readonly type: 'ip'; readonly address: string }
  | {
      readonly type: 'url';
      readonly scheme: 'http' | 'https';
      readonly host: string;
      readonly port: number;
      readonly path: string;
      readonly query: string;
    };

function namespacedName(text: string, prefix: string, raw: string): { namespace: string; name: string } {
  const parts = text.split('/');
  if (parts.length > 2 || parts.some((p) => p === ''))
    throw new EndpointError(`"${raw}" is not ${prefix}:NAMESPACE/NAME`, raw);
  const [a, b] = parts as [string, string?];
  return b === undefined ? { namespace: 'default', name: a } : { namespace: a, name: b };
}

function namespaced(text: string, kind: 'pod' | 'svc', raw: string): ParsedEndpoint {
  return { type: kind, ...namespacedName(text, kind, raw) };
}

/**
 * Parses an endpoint. `pod:NAME` and `svc:NAME` without a namespace mean namespace
 * `default`. Throws EndpointError on unknown prefixes or malformed text.
 */
export function parseEndpoint(text: string): ParsedEndpoint {
  const raw = text.trim();
  const lower = raw.toLowerCase();
  if (lower.startsWith('http://') || lower.startsWith('https://')) return parseUrl(raw);
  const colon = raw.indexOf(':');
  const prefix = colon < 0 ? '' : raw.slice(0, colon).toLowerCase();
  const rest = raw.slice(colon + 1);
  if (prefix === 'pod') return namespaced(rest, 'pod', raw);
  if (prefix === 'svc' || prefix === 'service') return namespaced(rest, 'svc', raw);
  if (isWorkloadPrefix(prefix))
    return { type: 'workload', kind: WORKLOAD_PREFIXES[prefix], ...namespacedName(rest, prefix, raw) };
  const long = LONG_FORMS[prefix];
  if (long) throw new EndpointError(`"${raw}" is not an endpoint: write ${long}:NAMESPACE/NAME`, raw);
  if (prefix === 'node') {
    if (!rest) throw new EndpointError(`"${raw}" names no node`, raw);
    return { type: 'node', name: rest };
  }
  if (prefix === 'ip') {
    // `ip:[2001:db8::1]` as in URLs is accepted too.
    const address = /^\[.*\]$/.test(rest) ? rest.slice(1, -1) : rest;
    if (!isIP(address))
      throw new EndpointError(`"${rest}" is not an IP address: ${addressProblem(address)}`, raw);
    return { type: 'ip', address: canonicalIP(address) };
  }
  if (isIP(raw)) return { type: 'ip', address: canonicalIP(raw) };
  throw new EndpointError(
    `"${raw}" is not an endpoint: use pod:NS/NAME, svc:NS/NAME, deploy:NS/NAME (or sts:, ds:, rs:, job:), node:NAME, ip:ADDRESS or http(s)://HOST[:PORT]/PATH`,
    raw,
  );
}

function parseUrl(raw: string): ParsedEndpoint {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EndpointError(`"${raw}" is not a valid URL`, raw);
  }
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port ? Number(url.port) : scheme === 'https' ? 443 : 80;
  return { type: 'url', scheme, host, port, path: url.pathname || '/', query: url.search.replace(/^\?/, '') };
}

/** The canonical text of a parsed endpoint (`pod:shop/web`). */
export function endpointText(e: ParsedEndpoint): string {
  switch (e.type) {
    case 'pod':
    case 'svc':
      return `${e.type}:${e.namespace}/${e.name}`;
    case 'workload':
      return `${PREFIX_OF_KIND[e.kind]}:${e.namespace}/${e.name}`;
    case 'node':
      return `node:${e.name}`;
    case 'ip':
      return `ip:${e.address}`;
    case 'url':
      return `${e.scheme}://${e.host}:${e.port}${e.path}${e.query ? `?${e.query}` : ''}`;
  }
}
