'use client';

import { useSearchParams } from 'next/navigation';
import { useRef, useState } from 'react';
import type { TraceQuery } from 'lib/engine/types';
import type { Changes } from 'lib/ingest/whatif';
import type { Removal } from 'lib/store/redact';
import { CopyButton } from 'components/ui/copy-button';
import { RemovedList } from './removed-list';

type State =
  | { step: 'form' }
  | { step: 'saving' }
  | { step: 'done'; url: string; removed: readonly Removal[] }
  | { step: 'failed'; message: string };

const EXPIRY = [
  { value: '', label: 'Never' },
  { value: '1', label: '1 day' },
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
] as const;

const input =
  'mt-1 w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900';
const button =
  'rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800';
const primary =
  'rounded-md bg-blue-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-blue-800 disabled:opacity-60 dark:bg-blue-600 dark:hover:bg-blue-500';

/**
 * Freezes the current state (source snapshot, query, selected hop) into a share link.
 * The selected hop is read from the URL when the link is made, so it is the one on screen.
 */
export function ShareButton({
  source,
  query,
  view = {},
  changes,
}: {
  source: string;
  query: TraceQuery;
  view?: Readonly<Record<string, string>>;
  /** A what-if: the link freezes the state with these changes laid over it. */
  changes?: Changes;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const params = useSearchParams();
  const [state, setState] = useState<State>({ step: 'form' });

  async function create(form: FormData) {
    setState({ step: 'saving' });
    const hop = params.get('hop');
    const replica = params.get('replica');
    const expires = String(form.get('expires') ?? '');
    const body = {
      source,
      query,
      view: { ...view, ...(hop ? { hop } : {}), ...(replica ? { replica } : {}) },
      title: String(form.get('title') ?? '').trim() || undefined,
      note: String(form.get('note') ?? '').trim() || undefined,
      expiresInDays: expires ? Number(expires) : undefined,
      ...(changes ? { changes } : {}),
    };
    try {
      const res = await fetch('/api/shares', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const data = (await res.json()) as {
        url?: string;
        removed?: Removal[];
        error?: string;
        detail?: string;
      };
      if (!res.ok || !data.url)
        throw new Error(data.detail ?? data.error ?? `the server answered ${res.status}`);
      setState({
        step: 'done',
        url: new URL(data.url, window.location.origin).toString(),
        removed: data.removed ?? [],
      });
    } catch (err) {
      setState({ step: 'failed', message: err instanceof Error ? err.message : String(err) });
    }
  }

  return (
    <>
      <button
        type="button"
        className={button}
        onClick={() => (setState({ step: 'form' }), dialog.current?.showModal())}
      >
        Share
      </button>
      <dialog
        ref={dialog}
        aria-labelledby="share-title"
        className="m-auto w-[min(36rem,95vw)] rounded-lg border border-slate-300 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-black/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-50"
      >
        <h2 id="share-title" className="text-lg font-semibold">
          Share this trace
        </h2>
        <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
          The link freezes the cluster state as it is now
          {changes ? ', with the what-if changes laid over it,' : ''} with this query and the selected hop. It
          shows the same path tomorrow, even after the cluster changes.
        </p>
        {state.step === 'done' ? (
          <div className="mt-4 space-y-3">
            <label className="block text-sm font-medium">
              Link
              <span className="mt-1 flex gap-2">
                <input
                  readOnly
                  value={state.url}
                  className={input}
                  data-testid="share-url"
                  onFocus={(e) => e.currentTarget.select()}
                />
                <CopyButton text={state.url} label="Copy link" />
              </span>
            </label>
            <RemovedList removed={state.removed} />
          </div>
        ) : (
          <form
            className="mt-4 space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              void create(new FormData(e.currentTarget));
            }}
          >
            <label className="block text-sm font-medium">
              Title <span className="font-normal text-slate-600 dark:text-slate-400">(optional)</span>
              <input name="title" maxLength={200} className={input} />
            </label>
            <label className="block text-sm font-medium">
              Note <span className="font-normal text-slate-600 dark:text-slate-400">(optional)</span>
              <textarea name="note" maxLength={2000} rows={3} className={input} />
            </label>
            <label className="block text-sm font-medium">
              Expires
              <select name="expires" className={input} defaultValue="">
                {EXPIRY.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
            <p className="text-xs text-slate-600 dark:text-slate-400">
              Secrets, environment variable values, large annotations and ConfigMap data the trace does not
              read are removed first.
            </p>
            {state.step === 'failed' && (
              <p role="alert" className="text-sm text-red-700 dark:text-red-300">
                ✖ The link could not be created: {state.message}
              </p>
            )}
            <button type="submit" disabled={state.step === 'saving'} className={primary}>
              {state.step === 'saving' ? 'Creating…' : 'Create link'}
            </button>
          </form>
        )}
        <div className="mt-4 flex justify-end">
          <button type="button" className={button} onClick={() => dialog.current?.close()}>
            Close
          </button>
        </div>
      </dialog>
    </>
  );
}
