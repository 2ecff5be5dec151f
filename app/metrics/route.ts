import { liveStatus } from 'lib/ingest/live';
import { metrics, LIVE_STATES } from 'lib/ops/metrics';

export const dynamic = 'force-dynamic';

/** Prometheus text exposition of the process's metrics (behind the same access check as the API). */
export async function GET(): Promise<Response> {
  // The live source's state is read at scrape time, so it is never older than the scrape.
  const live = liveStatus();
  metrics.liveState.reset();
  metrics.liveLastSync.reset();
  metrics.liveObjects.reset();
  if (live.enabled && live.configError === undefined) {
    for (const state of LIVE_STATES) metrics.liveState.set({ state }, live.state === state ? 1 : 0);
    if (live.lastSyncAt) metrics.liveLastSync.set(Date.parse(live.lastSyncAt) / 1000);
    metrics.liveObjects.set(live.objectCount);
  }
  return new Response(await metrics.registry.metrics(), {
    headers: { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' },
  });
}
