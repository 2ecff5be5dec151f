import { json, withErrors } from 'lib/server/http';
import { readJsonBody, saveSnapshotSchema } from 'lib/server/request-body';
import { listSavedSnapshots, saveSnapshot } from 'lib/server/snapshots';
import { ownedByRequest, ownedCookie } from 'lib/server/owned-sources';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async (request) =>
  json({ snapshots: await listSavedSnapshots(ownedByRequest(request)) }),
);

/** Saves the source's current state as a named snapshot: 201 with its id and what redaction removed. */
export const POST = withErrors(async (request) => {
  const body = await readJsonBody(request, saveSnapshotSchema);
  const saved = await saveSnapshot(body.source, body.name);
  return json(saved, { status: 201, headers: { 'set-cookie': ownedCookie(request, 'snapshot', saved.id) } });
});
