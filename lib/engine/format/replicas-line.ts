// The first line of a workload trace in text formats (shared/contracts/cli.md "Workload
// endpoints"): `✖ 2 of 3 replicas dropped (worker-1, worker-3: MTU_BLACKHOLE at encap); 1 delivered`.

import type { ReplicaOutcome, TraceVerdict, WorkloadTrace } from '../types';

const ORDER: readonly TraceVerdict[] = ['dropped', 'degraded', 'delivered'];
const MARK: Readonly<Record<TraceVerdict, string>> = { dropped: '✖', degraded: '▲', delivered: '✓' };

/** Where a replica stands: its node, or its pod when the model places it on none. */
const placeOf = (r: ReplicaOutcome) => r.node || r.pod;

/** `worker-1, worker-3: MTU_BLACKHOLE at encap` for each distinct cause, joined by `; `. */
function causes(group: readonly ReplicaOutcome[]): string {
  const byCause = new Map<string, string[]>();
  for (const r of group) {
    const cause = [r.codes[0], r.culpritKind && `at ${r.culpritKind}`].filter(Boolean).join(' ');
    const places = byCause.get(cause) ?? [];
    if (!places.includes(placeOf(r))) places.push(placeOf(r));
    byCause.set(cause, places);
  }
  return [...byCause].map(([cause, places]) => `${places.join(', ')}${cause ? `: ${cause}` : ''}`).join('; ');
}

/** One line over every replica: the worst verdict first, with where and why, then the others. */
export function replicasLine(replicas: readonly ReplicaOutcome[]): string {
  const groups = ORDER.map((v) => ({ verdict: v, group: replicas.filter((r) => r.verdict === v) })).filter(
    (g) => g.group.length > 0,
  );
  const parts = groups.map(({ verdict, group }, i) => {
    const count =
      i === 0
        ? `${group.length} of ${replicas.length} replica${replicas.length === 1 ? '' : 's'}`
        : `${group.length}`;
    return `${count} ${verdict}${verdict === 'delivered' ? '' : ` (${causes(group)})`}`;
  });
  return `${MARK[groups[0]?.verdict ?? 'delivered']} ${parts.join('; ')}`;
}

/** Which replica the hops below belong to. */
export function drawnLine(w: WorkloadTrace): string {
  return `  path below: replica ${w.drawn}${w.notReady.length ? ` (${w.notReady.length} not ready, not traced: ${w.notReady.join(', ')})` : ''}`;
}
