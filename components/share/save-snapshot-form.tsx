'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { Removal } from 'lib/store/redact';
import { RemovedList } from './removed-list';

type State =
  | { step: 'idle' }
  | { step: 'saving' }
  | { step: 'saved'; name: string; again: boolean; removed: readonly Removal[] }
  | { step: 'failed'; message: string };

const field =
  'mt-1 h-8 w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900';

/** Saves a source's current state as a named snapshot (redacted like a share). */
export function SaveSnapshotForm({
  sources,
  defaultSource,
}: {
  sources: ReadonlyArray<{ id: string; title: string }>;
  defaultSource?: string;
}) {
  const router = useRouter();
  const [state, setState] = useState<State>({ step: 'idle' });

  async function save(form: FormData) {
    setState({ step: 'saving' });
    try {
      const res = await fetch('/api/snapshots', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          source: form.get('source'),
          name: String(form.get('name') ?? '').trim() || undefined,
        }),
      });
      const data = (await res.json()) as {
        name?: string;
        alreadySaved?: boolean;
        removed?: Removal[];
        detail?: string;
        error?: string;
      };
      if (!res.ok) throw new Error(data.detail ?? data.error ?? `the server answered ${res.status}`);
      setState({
        step: 'saved',
        name: data.name ?? '',
        again: data.alreadySaved === true,
        removed: data.removed ?? [],
      });
      router.refresh();
    } catch (err) {
      setState({ step: 'failed', message: err instanceof Error ? err.message : String(err) });
    }
  }

  return (
    <form
      className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
      onSubmit={(e) => {
        e.preventDefault();
        void save(new FormData(e.currentTarget));
      }}
    >
      <label className="block text-sm font-medium">
        Source to save
        <select name="source" className={field} defaultValue={defaultSource}>
          {sources.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title} ({s.id.length > 40 ? `${s.id.slice(0, 40)}…` : s.id})
            </option>
          ))}
        </select>
      </label>
      <label className="block text-sm font-medium">
        Name
        <input name="name" maxLength={200} placeholder="before the MTU change" className={field} />
      </label>
      <button
        type="submit"
        disabled={state.step === 'saving'}
        className="rounded-md bg-blue-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-blue-800 disabled:opacity-60 dark:bg-blue-600"
      >
        {state.step === 'saving' ? 'Saving…' : 'Save snapshot'}
      </button>
      <div className="sm:col-span-3" aria-live="polite">
        {state.step === 'saved' && (
          <div className="space-y-1">
            <p className="text-sm" data-testid="snapshot-saved" data-name={state.name}>
              {state.again
                ? `✓ This state was already saved as “${state.name}”.`
                : `✓ Saved “${state.name}”.`}
            </p>
            <RemovedList removed={state.removed} />
          </div>
        )}
        {state.step === 'failed' && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            ✖ Not saved: {state.message}
          </p>
        )}
      </div>
    </form>
  );
}
