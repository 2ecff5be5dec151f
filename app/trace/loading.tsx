// Skeleton in the shape of the trace view: form, verdict, canvas and hop panel.
export default function TraceLoading() {
  return (
    <div aria-busy="true" aria-label="Tracing" className="animate-pulse space-y-3">
      <div className="flex gap-3">
        <div className="h-14 flex-1 rounded bg-slate-200 dark:bg-slate-800" />
        <div className="h-14 flex-1 rounded bg-slate-200 dark:bg-slate-800" />
        <div className="h-14 w-64 rounded bg-slate-200 dark:bg-slate-800" />
      </div>
      <div className="h-12 rounded-lg bg-slate-200 dark:bg-slate-800" />
      <div className="grid h-[calc(100vh-13.5rem)] min-h-[520px] grid-cols-[minmax(0,1fr)_360px] gap-3">
        <div className="rounded-lg bg-slate-100 dark:bg-slate-900" />
        <div className="rounded-lg bg-slate-100 dark:bg-slate-900" />
      </div>
    </div>
  );
}
