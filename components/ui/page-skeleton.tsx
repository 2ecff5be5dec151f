// A generic skeleton for a route's loading.tsx. Only routes that compute something slow
// (reach, lint, tour, snapshots) have one: a loading.tsx streams the page, and a streamed
// page can no longer answer notFound() with an HTTP 404, so /s/ID and /objects keep none.
export function PageSkeleton({ label = 'Loading' }: { label?: string }) {
  return (
    <div aria-busy="true" aria-label={label} className="animate-pulse space-y-4">
      <div className="h-8 w-1/3 rounded bg-slate-200 dark:bg-slate-800" />
      <div className="h-4 w-2/3 rounded bg-slate-200 dark:bg-slate-800" />
      <div className="h-64 rounded-lg bg-slate-100 dark:bg-slate-900" />
    </div>
  );
}
