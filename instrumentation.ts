// Runs once when the Next server starts (Next's instrumentation hook). It starts the first
// worker thread and loads its runtime (tsx and the task module) at once, so the first
// upload, reach or trace of an upload does not wait for a thread to start.

export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { preloadWorkers } = await import('./lib/server/workers/pool');
  const { log } = await import('./lib/ops/log');
  // Not awaited: the server listens meanwhile; a thread that fails to start is logged and
  // the pool starts threads on demand as before.
  preloadWorkers().then(
    (ready) => log.info({ ready }, 'worker threads preloaded'),
    (err: unknown) => log.warn({ err }, 'worker thread preload failed'),
  );
}
