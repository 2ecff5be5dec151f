'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';

/**
 * Removes an upload or a saved snapshot after a confirmation. Share links made from it
 * keep working (the store keeps content a link refers to), which the question says.
 */
export function DeleteSnapshotButton({
  id,
  purpose,
  name,
}: {
  id: string;
  purpose: 'upload' | 'snapshot';
  name: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const what = purpose === 'upload' ? 'upload' : 'snapshot';
  const remove = async () => {
    if (!window.confirm(`Delete the ${what} "${name}"? Share links made from it keep working.`)) return;
    setError(undefined);
    const res = await fetch(`/api/snapshots/${encodeURIComponent(id)}?purpose=${purpose}`, {
      method: 'DELETE',
    }).catch(() => undefined);
    // 404: someone else deleted it first; the list refresh shows that too.
    if (!res || (!res.ok && res.status !== 404)) {
      setError('Could not delete; try again.');
      return;
    }
    startTransition(() => router.refresh());
  };
  return (
    <>
      <button
        type="button"
        onClick={() => void remove()}
        disabled={pending}
        className="text-red-700 underline disabled:opacity-50 dark:text-red-300"
        data-testid="delete-snapshot"
      >
        Delete<span className="sr-only"> {name}</span>
      </button>
      {error && (
        <span role="alert" className="ml-2 text-xs text-red-700 dark:text-red-300">
          {error}
        </span>
      )}
    </>
  );
}
