import { json, withErrors } from 'lib/server/http';
import { createShareSchema, readJsonBody } from 'lib/server/request-body';
import { createShareFromSource } from 'lib/server/shares';

export const dynamic = 'force-dynamic';

/** Freezes a source's current state with a trace query: 201 `{"id","url","removed"}`. */
export const POST = withErrors(async (request) => {
  const body = await readJsonBody(request, createShareSchema);
  const created = await createShareFromSource(body);
  return json(created, { status: 201, headers: { location: created.url } });
});
