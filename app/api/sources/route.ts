import { createUpload, getSources } from 'lib/server';
import { json, withErrors } from 'lib/server/http';
import { readUploadRequest } from 'lib/server/upload';
import { uploadGate } from 'lib/server/upload-gate';
import { guardRoute } from '../../../proxy';

export const dynamic = 'force-dynamic';

// Not behind the proxy (it would buffer and cut large upload bodies): access is checked here.
export const GET = withErrors(
  async (request) => guardRoute(request) ?? json({ sources: await getSources() }),
);

export const POST = withErrors(async (request) => {
  const denied = guardRoute(request);
  if (denied) return denied;
  // At most a few uploads are read at once; past the queue a 429 before the body is read.
  const entry = await uploadGate.run(async () => createUpload(await readUploadRequest(request)));
  return json(
    {
      id: entry.id,
      title: entry.title,
      objectCount: entry.objectCount,
      removed: entry.removed,
      summary: entry.summary,
    },
    { status: 201 },
  );
});
