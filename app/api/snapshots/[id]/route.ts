import { forgetStored } from 'lib/server/builtin-sources';
import { getStore, isContentAddress } from 'lib/store';
import { ApiError } from 'lib/server/errors';
import { json, withErrors } from 'lib/server/http';
import { parseQuery, snapshotDeleteQuerySchema, snapshotRenameBodySchema } from 'lib/server/validate';
import { readJsonBody } from 'lib/server/request-body';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

function checkId(id: string): void {
  if (!isContentAddress(id))
    throw new ApiError(404, 'unknown snapshot', 'a snapshot id is 64 hexadecimal digits');
}

export async function GET(request: Request, context: Context): Promise<Response> {
  const { id } = await context.params;
  return withErrors(async () => {
    checkId(id);
    const store = await getStore();
    // Share entries are not listed: a link's frozen state is reached through the link only.
    const summary =
      (await store.getSnapshotSummary(id, 'snapshot')) ?? (await store.getSnapshotSummary(id, 'upload'));
    if (!summary) throw new ApiError(404, 'unknown snapshot', id);
    return json(summary);
  })(request);
}

/**
 * Removes the upload or saved-snapshot entry. Share links made from it keep working:
 * the store keeps content that a link still refers to.
 */
export async function DELETE(request: Request, context: Context): Promise<Response> {
  const { id } = await context.params;
  return withErrors(async () => {
    checkId(id);
    const { purpose } = parseQuery(snapshotDeleteQuerySchema, new URL(request.url));
    const removed = await (await getStore()).deleteSnapshot(id, purpose);
    if (!removed) throw new ApiError(404, 'unknown snapshot', id);
    forgetStored(id);
    return new Response(null, { status: 204 });
  })(request);
}

/** Renames the upload (or, with `purpose: "snapshot"`, the saved snapshot) entry; answers the entry. */
export async function PATCH(request: Request, context: Context): Promise<Response> {
  const { id } = await context.params;
  return withErrors(async () => {
    checkId(id);
    const { name, purpose } = await readJsonBody(request, snapshotRenameBodySchema);
    const renamed = await (await getStore()).renameSnapshot(id, purpose, name);
    if (!renamed) throw new ApiError(404, 'unknown snapshot', id);
    return json(renamed);
  })(request);
}
