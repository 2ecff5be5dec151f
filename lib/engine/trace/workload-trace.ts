// A trace from or to a workload endpoint (shared/contracts/cli.md "Workload endpoints"):
// every ready replica is traced on its own, the worst one (dropped before degraded before
// delivered, the first in replica order on a tie) is drawn, and `replicas[]` says how
// each one fared. A Deployment whose replicas sit on several nodes can be fine beside
// its peer and broken everywhere else; one pod's trace would hide that.

import type { ClusterModel, Pod } from '../../model/types';
import type { ReplicaOutcome, TraceQuery, TraceResult, TraceVerdict } from '../types';
import type { ParsedEndpoint } from './endpoint';
import { endpointText, parseEndpoint } from './endpoint';
import { EndpointError } from './errors';
import type { PinnedEnds } from './trace-route';
import { readyReplicas } from './workload-replicas';

type WorkloadEndpoint = Extract<ParsedEndpoint, { type: 'workload' }>;

/** What a caller may choose about a workload trace. */
export interface TraceOptions {
  /** `NS/NAME` of the replica to draw instead of the worst one. */
  readonly replica?: string;
}

export interface WorkloadEnd {
  readonly side: 'from' | 'to';
  readonly endpoint: WorkloadEndpoint;
}

/** The workload end of a query, if one end names a workload; both ends doing so is bad input. */
export function workloadEnd(query: TraceQuery): WorkloadEnd | undefined {
  const from = parseEndpoint(query.from);
  const to = parseEndpoint(query.to);
  if (from.type === 'workload' && to.type === 'workload')
    throw new EndpointError(
      `${query.from} and ${query.to} are both workloads: name one replica with pod:NS/NAME on one side`,
      query.to,
    );
  if (from.type === 'workload') return { side: 'from', endpoint: from };
  if (to.type === 'workload') return { side: 'to', endpoint: to };
  return undefined;
}

const RANK: Readonly<Record<TraceVerdict, number>> = { dropped: 0, degraded: 1, delivered: 2 };

/** The replica's culprit hop: where it drops, else where its worst error/warning stands. */
function outcomeOf(pod: Pod, result: TraceResult): ReplicaOutcome {
  const serious = result.findings.filter((f) => f.severity !== 'info');
  const culprit =
    result.verdict === 'dropped'
      ? (result.hops.find((h) => h.verdict === 'drop')?.id ?? null)
      : result.verdict === 'degraded'
        ? (serious[0]?.hop ?? null)
        : null;
  const culpritKind = culprit ? result.hops.find((h) => h.id === culprit)?.kind : undefined;
  return {
    pod: pod.key,
    node: pod.nodeName ?? '',
    verdict: result.verdict,
    culprit,
    codes: [...new Set(serious.map((f) => f.code))],
    ...(culpritKind ? { culpritKind } : {}),
    summary: result.summary ?? result.verdict,
  };
}

/**
 * Traces every ready replica of `end` and returns the drawn replica's trace (the worst,
 * or `options.replica`) with `replicas` and `workload` added. `tracePair` is the
 * single-pair tracer, passed in so this module does not import its caller.
 */
export function traceReplicas(
  model: ClusterModel,
  query: TraceQuery,
  end: WorkloadEnd,
  tracePair: (model: ClusterModel, query: TraceQuery, pinned: PinnedEnds) => TraceResult,
  options: TraceOptions = {},
): TraceResult {
  const { ready, notReady } = readyReplicas(model, end.endpoint);
  const traces = ready.map((pod) => ({ pod, result: tracePair(model, query, { [end.side]: pod }) }));
  const replicas = traces.map(({ pod, result }) => outcomeOf(pod, result));
  let drawn = 0;
  traces.forEach((t, i) => {
    if (RANK[t.result.verdict] < RANK[traces[drawn]!.result.verdict]) drawn = i;
  });
  if (options.replica !== undefined) {
    const asked = traces.findIndex((t) => t.pod.key === options.replica);
    if (asked < 0)
      throw new EndpointError(
        `${options.replica} is not a ready replica of ${endpointText(end.endpoint)}; ready: ${ready.map((p) => p.key).join(', ')}`,
        options.replica,
      );
    drawn = asked;
  }
  const { verdict, hops, findings, ...rest } = traces[drawn]!.result;
  const w = end.endpoint;
  return {
    verdict,
    hops,
    findings,
    replicas,
    ...rest,
    workload: {
      side: end.side,
      endpoint: endpointText(w),
      kind: w.kind,
      namespace: w.namespace,
      name: w.name,
      drawn: traces[drawn]!.pod.key,
      notReady: notReady.map((p) => p.key),
    },
  };
}
