// The replica summary of a workload trace in words: the worst verdict first, where it
// happens and on which nodes, then the others ("2 of 3 replicas dropped at the
// encapsulation — worker-1, worker-3; 1 delivered — worker-2"). Places are words, not hop kinds.

import type { ReplicaOutcome, TraceVerdict } from 'lib/engine/types';
import { HOP_KIND_PHRASE } from 'lib/engine/trace/hop-place';

const ORDER: readonly TraceVerdict[] = ['dropped', 'degraded', 'delivered'];

const unique = (values: readonly string[]) => [...new Set(values.filter(Boolean))];

export function replicaHeadline(replicas: readonly ReplicaOutcome[]): string {
  const parts: string[] = [];
  for (const verdict of ORDER) {
    const group = replicas.filter((r) => r.verdict === verdict);
    if (group.length === 0) continue;
    const count =
      parts.length === 0
        ? `${group.length} of ${replicas.length} replica${replicas.length === 1 ? '' : 's'}`
        : `${group.length}`;
    const kinds = unique(group.map((r) => (r.culpritKind ? HOP_KIND_PHRASE[r.culpritKind] : '')));
    const at = kinds.length ? ` at ${kinds.join(' and ')}` : '';
    const nodes = unique(group.map((r) => r.node || r.pod));
    parts.push(`${count} ${verdict}${at} — ${nodes.join(', ')}`);
  }
  return parts.join('; ');
}
