import { createUpload, getSources } from 'lib/server';
import { json, withErrors } from 'lib/server/http';
import { readUploadRequest } from 'lib/server/upload';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async () => json({ sources: await getSources() }));

export const POST = withErrors(async (request) => {
  const files = await readUploadRequest(request);
  const entry = await createUpload(files);
  return json({ id: entry.id, title: entry.title, objectCount: entry.objectCount, removed: entry.removed }, { status: 201 });
});
