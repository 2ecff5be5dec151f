// Reach pairs with a link to the trace of each pair. Peers are workloads
// (`ns/name[Deployment]`), pods (`ns/name[Pod]`) or address ranges
// (`first-last[External]`); a trace needs one concrete endpoint for each.

import type { ReachPair } from 'lib/engine/types';
import type { ClusterModel, Protocol } from 'lib/model/types';
import { traceHref } from 'components/trace/trace-href';

export interface ReachRow extends ReachPair {
  /** Trace of this pair on its first allowed protocol and port; absent when no endpoint stands for a peer. */
  readonly href?: string;
}

export function endpointResolver(model: ClusterModel): (peer: string) => string | undefined {
  const firstPod = new Map<string, string>();
  for (const pod of model.pods.values()) {
    const key = `${pod.workload.namespace}/${pod.workload.name}[${pod.workload.kind}]`;
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
  const rows = matching.slice(0, MAX_REACH_ROWS).map((pair): ReachRow => {
    const from = resolve(pair.from);
    const to = resolve(pair.to);
    return from && to
      ? { ...pair, href: traceHref(source, { from, to, ...firstPort(pair.conn) }) }
      : { ...pair };
  });
  return { rows, total: matching.length };
}
