'use client';

import { useRouter } from 'next/navigation';
import { useMutation } from '@tanstack/react-query';
import { postSnapshot } from 'components/api/client';
import { RemovedList } from './removed-list';
import { revealHidden } from 'lib/model/hidden-chars';

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
  const save = useMutation({
    mutationFn: postSnapshot,
    // The page lists saved snapshots (a server component): show the new one.
    onSuccess: () => router.refresh(),
  });
  const saved = save.data;

  return (
    <form
      className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        save.mutate({
          source: String(form.get('source') ?? ''),
          name: String(form.get('name') ?? '').trim() || undefined,
        });
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
        disabled={save.isPending}
        className="rounded-md bg-blue-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-blue-800 disabled:opacity-60 dark:bg-blue-600"
      >
        {save.isPending ? 'Saving…' : 'Save snapshot'}
      </button>
      <div className="sm:col-span-3" aria-live="polite">
        {saved && (
          <div className="space-y-1">
            <p className="text-sm" data-testid="snapshot-saved" data-name={saved.name}>
              {saved.alreadySaved
                ? `✓ This state was already saved as “${revealHidden(saved.name)}”.`
                : `✓ Saved “${revealHidden(saved.name)}”.`}
            </p>
            <RemovedList removed={saved.removed} />
          </div>
        )}
        {save.error && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            ✖ Not saved: {save.error.message}
          </p>
        )}
      </div>
    </form>
  );
}
