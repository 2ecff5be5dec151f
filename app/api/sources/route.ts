import { createUpload, getSourcesFor } from 'lib/server';
import { ownedByRequest, ownedCookie } from 'lib/server/owned-sources';
import { splitSourceId } from 'lib/model/source-id';
import { errorResponse, json, withErrors } from 'lib/server/http';
import { readUploadRequest } from 'lib/server/upload';
import { uploadGate } from 'lib/server/upload-gate';
import { guardRoute } from '../../../proxy';

export const dynamic = 'force-dynamic';

// Not behind the proxy (it would buffer and cut large upload bodies): access is checked here.
export const GET = withErrors(
  async (request) => guardRoute(request) ?? json({ sources: await getSourcesFor(ownedByRequest(request)) }),
);

export const POST = withErrors(async (request) => {
  const denied = guardRoute(request);
  if (denied) return denied;
  // At most a few uploads are read at once; past the queue a 429 before the body is read.
  let read = false;
  let entry;
  try {
    entry = await uploadGate.run(async () => {
      read = true;
      return createUpload(await readUploadRequest(request));
    });
  } catch (err) {
    if (read) throw err;
    // The body was never read: the connection closes after the answer (RFC 9112 §9.6), or
    // the unread bytes would be taken for the client's next request on it.
    const refused = errorResponse(err);
    refused.headers.set('connection', 'close');
    return refused;
  }
  return json(
    {
      id: entry.id,
      title: entry.title,
      objectCount: entry.objectCount,
      removed: entry.removed,
      summary: entry.summary,
    },
    // This browser lists the upload from now on; nobody else's listing shows it.
    { status: 201, headers: { 'set-cookie': ownedCookie(request, 'upload', splitSourceId(entry.id)!.rest) } },
  );
});

// Next would answer OPTIONS itself (204 with Allow) without running the check.
export const OPTIONS = withErrors(
  async (request) =>
    guardRoute(request) ??
    new Response(null, { status: 204, headers: { allow: 'GET, HEAD, POST, OPTIONS' } }),
);
