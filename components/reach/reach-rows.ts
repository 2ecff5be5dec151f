// Reach pairs with a link to the trace of each pair. Peers are workloads
// (`ns/name[Deployment]`), pods (`ns/name[Pod]`) or address ranges
// (`first-last[External]`); a trace needs one concrete endpoint for each.

import { clusterRanges, peerNameOf, rangeWords } from 'lib/engine/reach';
import type { ReachPair } from 'lib/engine/types';
import type { ClusterModel, Protocol } from 'lib/model/types';
import { traceHref } from 'components/trace/trace-href';

export interface ReachRow extends ReachPair {
  /** Trace of this pair on its first allowed protocol and port; absent when no endpoint stands for a peer. */
  readonly href?: string;
  /** An address range peer in words ("anywhere outside the cluster"). */
  readonly fromWords?: string;
  readonly toWords?: string;
}

export function endpointResolver(model: ClusterModel): (peer: string) => string | undefined {
  const firstPod = new Map<string, string>();
  // Workload and owner peers alike (`ns/web-7c9d8f6b5[ReplicaSet]`, `ns/web[Deployment]`).
  for (const pod of model.pods.values()) {
    for (const key of [peerNameOf(pod, 'workload'), peerNameOf(pod, 'owner')])
      if (!firstPod.has(key)) firstPod.set(key, `pod:${pod.namespace}/${pod.name}`);
  }
  return (peer) => {
    const m = /^(.*)\[(\w+)\]$/.exec(peer);
    if (!m) return undefined;
    const [, name, kind] = m;
    if (kind === 'Pod') return `pod:${name}`;
    if (kind === 'External') return `ip:${name!.split('-')[0]}`;
    return firstPod.get(peer);
  };
}

/** First protocol and port of a canonical connection set (`TCP 80,8080-8090,UDP 53`). */
export function firstPort(conn: string): { protocol?: Protocol; port?: number } {
  const m = /\b(SCTP|TCP|UDP) (\d+)/.exec(conn);
  return m ? { protocol: m[1] as Protocol, port: Number(m[2]) } : {};
}

/** Rows drawn at once; the filter narrows the rest (a big cluster has very many pairs). */
export const MAX_REACH_ROWS = 500;

/**
 * The pairs containing `filter` (case-insensitive, in from, to or connections), the
 * first MAX_REACH_ROWS of them with trace links, and how many matched in all.
 */
export function reachRows(
  model: ClusterModel,
  source: string,
  pairs: readonly ReachPair[],
  filter = '',
): { rows: ReachRow[]; total: number } {
  const needle = filter.trim().toLowerCase();
  const matching = needle
    ? pairs.filter((p) => `${p.from} ${p.to} ${p.conn}`.toLowerCase().includes(needle))
    : pairs;
  const resolve = endpointResolver(model);
  const cluster = clusterRanges(model);
  const rows = matching.slice(0, MAX_REACH_ROWS).map((pair): ReachRow => {
    const from = resolve(pair.from);
    const to = resolve(pair.to);
    const fromWords = rangeWords(pair.from, cluster);
    const toWords = rangeWords(pair.to, cluster);
    return {
      ...pair,
      ...(from && to ? { href: traceHref(source, { from, to, ...firstPort(pair.conn) }) } : {}),
      ...(fromWords ? { fromWords } : {}),
      ...(toWords ? { toWords } : {}),
    };
  });
  return { rows, total: matching.length };
}
