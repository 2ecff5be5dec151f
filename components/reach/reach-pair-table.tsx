// The table of allowed pairs, shared by the whole-cluster list (both ends shown) and the
// "who can reach X / what can X reach" answer (only the other end shown).

import Link from 'next/link';
import type { ReachRow } from './reach-rows';
import { PeerName } from './peer-name';

interface Props {
  readonly rows: readonly ReachRow[];
  /** Which end of each pair gets a column. */
  readonly ends: 'both' | 'from' | 'to';
  readonly caption: string;
}

export function ReachPairTable({ rows, ends, caption }: Props) {
  const cell = 'px-3 py-1.5';
  const head = 'px-3 py-2';
  return (
    <table className="w-full text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="bg-slate-50 text-left dark:bg-slate-900">
        <tr>
          {ends !== 'to' && (
            <th scope="col" className={head}>
              From
            </th>
          )}
          {ends !== 'from' && (
            <th scope="col" className={head}>
              To
            </th>
          )}
          <th scope="col" className={head}>
            Allowed
          </th>
          <th scope="col" className={head}>
            <span className="sr-only">Trace</span>
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
        {rows.map((r) => (
          <tr key={`${r.from}→${r.to}`} data-pair={`${r.from}→${r.to}`}>
            {ends !== 'to' && (
              <td className={cell}>
                <PeerName name={r.from} words={r.fromWords} />
              </td>
            )}
            {ends !== 'from' && (
              <td className={cell}>
                <PeerName name={r.to} words={r.toWords} />
              </td>
            )}
            <td className={`${cell} font-mono text-xs`}>{r.conn}</td>
            <td className={`${cell} text-right`}>
              {r.href && (
                <Link
                  href={r.href}
                  className="text-blue-700 underline dark:text-blue-300"
                  aria-label={`Trace ${r.from} to ${r.to}`}
                >
                  Trace
                </Link>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
