import { liveReadiness } from 'lib/ingest/live';
import { defaultSourceId, getSource } from 'lib/server';
import { json } from 'lib/server/http';
import { getStore } from 'lib/store';

export const dynamic = 'force-dynamic';

async function check(fn: () => Promise<boolean>): Promise<'ok' | 'failing'> {
  try {
    return (await fn()) ? 'ok' : 'failing';
  } catch {
    return 'failing';
  }
}

/** Ready when the default source loads into a model and the store answers. */
export async function GET(): Promise<Response> {
  const [source, store] = await Promise.all([
    check(async () => !!(await getSource()).model),
    check(async () => (await getStore()).ping()),
  ]);
  // With PACKETPATH_LIVE=1, also the live source: ready once the cluster has been read.
  const liveCheck = liveReadiness();
  const live = liveCheck.ok ? 'ok' : 'failing';
  const ready = source === 'ok' && store === 'ok' && live === 'ok';
  return json(
    {
      status: ready ? 'ready' : 'not ready',
      checks: { source, store, live },
      live: liveCheck.detail,
      defaultSource: defaultSourceId(),
    },
    { status: ready ? 200 : 503 },
  );
}
