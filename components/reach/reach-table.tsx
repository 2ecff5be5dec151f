'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useDeferredValue, useMemo, useState } from 'react';
import type { ReachRow } from './reach-rows';

/** Rows drawn at once; the filter narrows the rest (a cluster can have very many pairs). */
const MAX_ROWS = 500;

const field = 'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900';

export function ReachTable({ source, rows, namespaces, namespace, granularity }: { source: string; rows: readonly ReachRow[]; namespaces: readonly string[]; namespace?: string; granularity: 'workload' | 'pod' }) {
  const router = useRouter();
  const pathname = usePathname();
  const [text, setText] = useState('');
  const filter = useDeferredValue(text.trim().toLowerCase());
  const matching = useMemo(
    () => (filter ? rows.filter((r) => `${r.from} ${r.to} ${r.conn}`.toLowerCase().includes(filter)) : rows),
    [rows, filter],
  );
  const navigate = (changes: Record<string, string | undefined>) => {
    const q = new URLSearchParams({ source, granularity, ...(namespace ? { namespace } : {}) });
    for (const [k, v] of Object.entries(changes)) if (v) q.set(k, v); else q.delete(k);
    router.push(`${pathname}?${q.toString()}`);
  };

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col text-xs font-semibold">
          Namespace
          <select className={`${field} mt-0.5 font-normal`} value={namespace ?? ''} onChange={(e) => navigate({ namespace: e.target.value || undefined })}>
            <option value="">All namespaces</option>
            {namespaces.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs font-semibold">
          Peers
          <select className={`${field} mt-0.5 font-normal`} value={granularity} onChange={(e) => navigate({ granularity: e.target.value })}>
            <option value="workload">Workloads</option>
            <option value="pod">Pods</option>
          </select>
        </label>
        <label className="flex min-w-64 flex-1 flex-col text-xs font-semibold">
          Filter
          <input type="search" className={`${field} mt-0.5 font-normal`} placeholder="name, namespace, port…" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <p className="text-sm text-slate-700 dark:text-slate-300" aria-live="polite">
          {matching.length} of {rows.length} allowed pairs
        </p>
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
        <table className="w-full text-sm">
          <caption className="sr-only">Allowed connections</caption>
          <thead className="bg-slate-50 text-left dark:bg-slate-900">
            <tr>
              <th scope="col" className="px-3 py-2">From</th>
              <th scope="col" className="px-3 py-2">To</th>
              <th scope="col" className="px-3 py-2">Allowed</th>
              <th scope="col" className="px-3 py-2"><span className="sr-only">Trace</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
            {matching.slice(0, MAX_ROWS).map((r) => (
              <tr key={`${r.from}→${r.to}`} data-pair={`${r.from}→${r.to}`}>
                <td className="px-3 py-1.5 font-mono text-xs break-all">{r.from}</td>
                <td className="px-3 py-1.5 font-mono text-xs break-all">{r.to}</td>
                <td className="px-3 py-1.5 font-mono text-xs">{r.conn}</td>
                <td className="px-3 py-1.5 text-right">
                  {r.href ? (
                    <Link href={r.href} className="text-blue-700 underline dark:text-blue-300" aria-label={`Trace ${r.from} to ${r.to}`}>
                      Trace
                    </Link>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {matching.length > MAX_ROWS && <p className="text-sm">Showing the first {MAX_ROWS}; narrow the filter to see the rest.</p>}
      {rows.length === 0 && <p className="text-sm">No connection is allowed between any two peers.</p>}
    </div>
  );
}
