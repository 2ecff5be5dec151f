'use client';

// A failure that is not bad input (bad input is shown in place by each page).
export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div role="alert" className="max-w-2xl space-y-3">
      <h1 className="text-2xl font-bold">Something went wrong</h1>
      <p>
        This view could not be shown. Trying again often helps; if it does not, the server log has the details
        {error.digest ? ` (reference ${error.digest})` : ''}.
      </p>
      <button
        type="button"
        onClick={reset}
        className="rounded-md bg-blue-700 px-4 py-2 text-sm font-semibold text-white dark:bg-blue-500 dark:text-slate-950"
      >
        Try again
      </button>
    </div>
  );
}
