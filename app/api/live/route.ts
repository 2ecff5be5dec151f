import { liveStatus } from 'lib/ingest/live';
import { json } from 'lib/server/http';

export const dynamic = 'force-dynamic';

/** The live source's status: `{"enabled": false}`, or context, server, state, stale, lastSyncAt, kinds. */
export function GET(): Response {
  return json(liveStatus());
}
