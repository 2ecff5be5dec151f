// "Who can reach X?" / "What can X reach?": a plain GET form (the question lives in the
// address bar and works without script) and the answer, allowed peers first, then the
// denied ones when asked for.

import type { ReachDirection } from 'lib/engine/reach';
import type { ReachRow } from './reach-rows';
import { PeerName } from './peer-name';
import { ReachPairTable } from './reach-pair-table';

const field =
  'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900';

interface FormProps {
  readonly source: string;
  readonly granularity: string;
  readonly direction: ReachDirection;
  readonly peer: string;
  readonly denied: boolean;
  readonly peers: readonly string[];
}

export function ReachFocusForm({ source, granularity, direction, peer, denied, peers }: FormProps) {
  return (
    <form method="get" action="/reach" className="flex flex-wrap items-end gap-3" aria-label="Reach question">
      <input type="hidden" name="source" value={source} />
      <input type="hidden" name="granularity" value={granularity} />
      <label className="flex flex-col text-xs font-semibold">
        Question
        <select name="mode" defaultValue={direction} className={`${field} mt-0.5 font-normal`}>
          <option value="to">Who can reach…</option>
          <option value="from">What can … reach</option>
        </select>
      </label>
      <label className="flex min-w-72 flex-1 flex-col text-xs font-semibold">
        Peer
        <input
          name="peer"
          list="reach-peers"
          defaultValue={peer}
          required
          placeholder="db, shop/db, shop/db[StatefulSet]"
          className={`${field} mt-0.5 font-mono font-normal`}
        />
        <datalist id="reach-peers">
          {peers.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
      </label>
      <label className="flex items-center gap-1.5 text-sm">
        <input type="checkbox" name="denied" value="1" defaultChecked={denied} />
        Show denied peers
      </label>
      <button
        type="submit"
        className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white dark:bg-slate-100 dark:text-slate-900"
      >
        Ask
      </button>
    </form>
  );
}

interface AnswerProps {
  readonly direction: ReachDirection;
  readonly peer: string;
  readonly peerWords?: string | undefined;
  readonly rows: readonly ReachRow[];
  /** Denied peers (with words for ranges), or undefined when not asked for. */
  readonly denied?: readonly { readonly name: string; readonly words?: string | undefined }[];
}

export function ReachFocusAnswer({ direction, peer, peerWords, rows, denied }: AnswerProps) {
  const subject = peerWords ?? peer;
  const heading = direction === 'to' ? `Who can reach ${subject}` : `What ${subject} can reach`;
  return (
    <section className="space-y-3" aria-labelledby="reach-focus-heading" data-testid="reach-focus">
      <h2 id="reach-focus-heading" className="text-lg font-semibold">
        {heading}
      </h2>
      <p className="text-sm" data-testid="reach-focus-count">
        {rows.length === 0
          ? direction === 'to'
            ? 'No peer may open a connection to it.'
            : 'It may open no connection to any peer.'
          : `${rows.length} ${rows.length === 1 ? 'peer' : 'peers'} allowed`}
        {denied ? `, ${denied.length} denied.` : '.'}
      </p>
      {rows.length > 0 && (
        <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
          <ReachPairTable rows={rows} ends={direction === 'to' ? 'from' : 'to'} caption="Allowed" />
        </div>
      )}
      {denied && denied.length > 0 && (
        <div className="space-y-1">
          <h3 className="font-semibold">Denied (no connection allowed)</h3>
          <ul className="space-y-1 text-sm" data-testid="reach-denied">
            {denied.map((d) => (
              <li key={d.name} data-peer={d.name}>
                <PeerName name={d.name} words={d.words} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
