'use client';

import { useRouter } from 'next/navigation';
import { useMutation } from '@tanstack/react-query';
import { useTransition } from 'react';
import { deleteSnapshot } from 'components/api/client';
import { revealHidden } from 'lib/model/hidden-chars';

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
  const what = purpose === 'upload' ? 'upload' : 'snapshot';
  // Already gone (someone else deleted it first) counts as done; the list refresh shows that too.
  const remove = useMutation({
    mutationFn: () => deleteSnapshot(id, purpose),
    onSuccess: () => startTransition(() => router.refresh()),
  });
  const confirmAndRemove = () => {
    if (window.confirm(`Delete the ${what} "${name}"? Share links made from it keep working.`))
      remove.mutate();
  };
  return (
    <>
      <button
        type="button"
        onClick={confirmAndRemove}
        disabled={pending || remove.isPending}
        className="text-red-700 underline disabled:opacity-50 dark:text-red-300"
        data-testid="delete-snapshot"
      >
        Delete<span className="sr-only"> {revealHidden(name)}</span>
      </button>
      {remove.error && (
        <span role="alert" className="ml-2 text-xs text-red-700 dark:text-red-300">
          Could not delete ({remove.error.message}); try again.
        </span>
      )}
    </>
  );
}
