'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import type { ReachGranularity } from 'lib/engine/reach';
import type { ReachRow } from './reach-rows';
import { ReachPairTable } from './reach-pair-table';

const field =
  'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900';

interface Props {
  readonly source: string;
  /** The matching rows, already filtered and capped by the server. */
  readonly rows: readonly ReachRow[];
  /** All matching pairs, of which `rows` are the first. */
  readonly total: number;
  /** All pairs of the source (before the text filter). */
  readonly all: number;
  readonly namespaces: readonly string[];
  readonly namespace?: string;
  readonly granularity: ReachGranularity;
  readonly filter: string;
}

/** The allowed-connections table; every filter lives in the URL and is applied on the server. */
export function ReachTable({ source, rows, total, all, namespaces, namespace, granularity, filter }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const [text, setText] = useState(filter);
  // The server recomputes (or reads from its cache) on each change; say so while it works.
  const [pending, startTransition] = useTransition();
  const navigate = (changes: Record<string, string | undefined>, replace = false) => {
    const q = new URLSearchParams({
      source,
      granularity,
      ...(namespace ? { namespace } : {}),
      ...(filter ? { q: filter } : {}),
    });
    for (const [k, v] of Object.entries(changes))
      if (v) q.set(k, v);
      else q.delete(k);
    const url = `${pathname}?${q.toString()}`;
    startTransition(() => {
      if (replace) router.replace(url, { scroll: false });
      else router.push(url);
    });
  };
  // Typing filters after a short pause, replacing the history entry instead of adding one per key.
  useEffect(() => {
    if (text.trim() === filter) return;
    const t = setTimeout(() => navigate({ q: text.trim() || undefined }, true), 300);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text, filter]);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col text-xs font-semibold">
          Namespace
          <select
            className={`${field} mt-0.5 font-normal`}
            value={namespace ?? ''}
            onChange={(e) => navigate({ namespace: e.target.value || undefined })}
          >
            <option value="">All namespaces</option>
            {namespaces.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs font-semibold">
          Peers
          <select
            className={`${field} mt-0.5 font-normal`}
            value={granularity}
            onChange={(e) => navigate({ granularity: e.target.value })}
          >
            <option value="owner">Workloads (Deployment, StatefulSet, …)</option>
            <option value="workload">Controllers (ReplicaSets)</option>
            <option value="pod">Pods</option>
          </select>
        </label>
        <label className="flex min-w-64 flex-1 flex-col text-xs font-semibold">
          Filter
          <input
            type="search"
            className={`${field} mt-0.5 font-normal`}
            placeholder="name, namespace, port…"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <p
          className="text-sm text-slate-700 dark:text-slate-300"
          aria-live="polite"
          data-testid="reach-count"
        >
          {pending ? 'Updating…' : `${total} of ${all} allowed pairs`}
        </p>
      </div>
      <div
        aria-busy={pending}
        className={`overflow-x-auto rounded-lg border border-slate-200 transition-opacity dark:border-slate-800 ${pending ? 'opacity-50' : ''}`}
      >
        <ReachPairTable rows={rows} ends="both" caption="Allowed connections" />
      </div>
      {total > rows.length && (
        <p className="text-sm">Showing the first {rows.length}; narrow the filter to see the rest.</p>
      )}
      {all === 0 && <p className="text-sm">No connection is allowed between any two peers.</p>}
      {all > 0 && total === 0 && <p className="text-sm">No allowed pair matches the filter.</p>}
    </div>
  );
}
