'use client';

import { useSearchParams } from 'next/navigation';
import { useMutation } from '@tanstack/react-query';
import { useRef } from 'react';
import type { TraceQuery } from 'lib/engine/types';
import type { Changes } from 'lib/ingest/whatif';
import { postShare } from 'components/api/client';
import { CopyButton } from 'components/ui/copy-button';
import { RemovedList } from './removed-list';

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
  const share = useMutation({ mutationFn: postShare });
  const done = share.data && {
    url: new URL(share.data.url, window.location.origin).toString(),
    removed: share.data.removed ?? [],
  };

  function create(form: FormData) {
    const hop = params.get('hop');
    const replica = params.get('replica');
    const expires = String(form.get('expires') ?? '');
    share.mutate({
      source,
      query,
      view: { ...view, ...(hop ? { hop } : {}), ...(replica ? { replica } : {}) },
      title: String(form.get('title') ?? '').trim() || undefined,
      note: String(form.get('note') ?? '').trim() || undefined,
      expiresInDays: expires ? Number(expires) : undefined,
      ...(changes ? { changes } : {}),
    });
  }

  return (
    <>
      <button type="button" className={button} onClick={() => (share.reset(), dialog.current?.showModal())}>
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
        {done ? (
          <div className="mt-4 space-y-3">
            <label className="block text-sm font-medium">
              Link
              <span className="mt-1 flex gap-2">
                <input
                  readOnly
                  value={done.url}
                  className={input}
                  data-testid="share-url"
                  onFocus={(e) => e.currentTarget.select()}
                />
                <CopyButton text={done.url} label="Copy link" />
              </span>
            </label>
            <RemovedList removed={done.removed} />
          </div>
        ) : (
          <form
            className="mt-4 space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              create(new FormData(e.currentTarget));
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
            {share.error && (
              <p role="alert" className="text-sm text-red-700 dark:text-red-300">
                ✖ The link could not be created: {share.error.message}
              </p>
            )}
            <button type="submit" disabled={share.isPending} className={primary}>
              {share.isPending ? 'Creating…' : 'Create link'}
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
