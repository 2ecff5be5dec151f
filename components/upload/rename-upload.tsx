'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { renameSnapshot } from 'components/api/client';
import { revealHidden } from 'lib/model/hidden-chars';

/** Renames an upload in place (PATCH /api/snapshots/ID); the new name shows everywhere after a refresh. */
export function RenameUpload({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(name);
  const [pending, startTransition] = useTransition();
  const rename = useMutation({
    mutationFn: (next: string) => renameSnapshot(id, next),
    onSuccess: () => {
      setEditing(false);
      startTransition(() => router.refresh());
    },
  });
  const error = rename.error ? rename.error.message || 'Could not rename; try again.' : undefined;
  const save = () => rename.mutate(value);
  if (!editing)
    return (
      <span className="flex min-w-0 flex-1 items-baseline gap-2">
        <span className="min-w-0 font-medium [overflow-wrap:anywhere]" data-testid="upload-name">
          {revealHidden(name)}
        </span>
        <button
          type="button"
          onClick={() => setEditing(true)}
          className="text-xs text-blue-700 underline dark:text-blue-300"
        >
          Rename<span className="sr-only"> {revealHidden(name)}</span>
        </button>
      </span>
    );
  return (
    <form
      className="flex min-w-0 flex-1 flex-wrap items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <label className="sr-only" htmlFor={`rename-${id}`}>
        New name for {name}
      </label>
      <input
        id={`rename-${id}`}
        value={value}
        maxLength={120}
        autoFocus
        onChange={(e) => setValue(e.target.value)}
        className="min-w-48 flex-1 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900"
      />
      <button
        type="submit"
        disabled={pending || rename.isPending}
        className="rounded-md bg-slate-900 px-2 py-1 text-xs text-white dark:bg-slate-100 dark:text-slate-900"
      >
        Save
      </button>
      <button
        type="button"
        onClick={() => {
          rename.reset();
          setEditing(false);
        }}
        className="text-xs underline"
      >
        Cancel
      </button>
      {error && (
        <span role="alert" className="w-full text-xs text-red-700 dark:text-red-300">
          {error}
        </span>
      )}
    </form>
  );
}
