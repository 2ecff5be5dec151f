// A workload trace's replicas: one line over all of them, then each replica with its
// node and verdict. On the trace page every replica links to the same trace drawn for
// it (`replica=NS/NAME` in the URL); the drawn one is marked as current.

import Link from 'next/link';
import type { ReplicaOutcome, Severity, TraceResult, TraceVerdict } from 'lib/engine/types';
import { SEVERITY_STYLE, SeverityIcon } from 'components/ui/severity';
import { MiddleTruncate } from 'components/ui/middle-truncate';
import { HOP_KIND_PHRASE } from 'lib/engine/trace/hop-place';
import { replicaHeadline } from './replica-headline';

const SEVERITY: Readonly<Record<TraceVerdict, Severity>> = {
  dropped: 'error',
  degraded: 'warning',
  delivered: 'info',
};

function ReplicaLabel({ r }: { r: ReplicaOutcome }) {
  const name = r.pod.slice(r.pod.indexOf('/') + 1);
  return (
    <>
      <SeverityIcon severity={SEVERITY[r.verdict]} className="shrink-0" />
      <MiddleTruncate text={name} className="font-mono text-xs" />
      <span className="shrink-0 text-xs text-slate-600 dark:text-slate-300">
        {r.node ? `on ${r.node} · ` : ''}
        {r.verdict}
        {r.culpritKind ? ` at ${HOP_KIND_PHRASE[r.culpritKind]}` : ''}
      </span>
    </>
  );
}

export function ReplicaSummary({
  result,
  hrefOf,
}: {
  result: TraceResult;
  /** The URL that draws this replica; without it the list is not a switcher (share view). */
  hrefOf?: (pod: string) => string;
}) {
  const { replicas, workload } = result;
  if (!replicas || !workload) return null;
  const worst = SEVERITY[worstVerdict(replicas)];
  const drawn = replicas.find((r) => r.pod === workload.drawn);
  return (
    <section
      aria-label="Replicas"
      data-testid="replica-summary"
      className={`rounded-lg border px-4 py-2 ${SEVERITY_STYLE[worst].badge}`}
    >
      <p className="text-sm">
        <strong data-testid="replica-headline">{replicaHeadline(replicas)}</strong>
        <span className="ml-2">
          · the path below is <code data-testid="drawn-replica">{workload.drawn}</code>
          {drawn?.node ? ` on ${drawn.node}` : ''}
          {hrefOf ? '; pick another replica to draw it' : ''}
          {workload.notReady.length > 0 &&
            ` · ${workload.notReady.length} not ready, not traced: ${workload.notReady.join(', ')}`}
        </span>
      </p>
      <ul className="mt-1.5 flex flex-wrap gap-1.5" aria-label="Replica to draw">
        {replicas.map((r) => {
          const current = r.pod === workload.drawn;
          const box = `flex max-w-[30rem] min-w-0 items-center gap-1.5 rounded border bg-white px-2 py-0.5 dark:bg-slate-900 ${
            current
              ? 'border-slate-900 ring-1 ring-slate-900 dark:border-slate-100 dark:ring-slate-100'
              : 'border-slate-300 dark:border-slate-600'
          }`;
          return (
            <li key={r.pod} className="min-w-0" data-replica={r.pod} data-replica-verdict={r.verdict}>
              {hrefOf ? (
                <Link
                  href={hrefOf(r.pod)}
                  className={`${box} hover:bg-slate-100 dark:hover:bg-slate-800`}
                  aria-current={current ? 'true' : undefined}
                >
                  <ReplicaLabel r={r} />
                </Link>
              ) : (
                <span className={box} aria-current={current ? 'true' : undefined}>
                  <ReplicaLabel r={r} />
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function worstVerdict(replicas: readonly ReplicaOutcome[]): TraceVerdict {
  if (replicas.some((r) => r.verdict === 'dropped')) return 'dropped';
  if (replicas.some((r) => r.verdict === 'degraded')) return 'degraded';
  return 'delivered';
}
