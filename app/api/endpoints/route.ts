import { getSource } from 'lib/server';
import { searchEndpoints } from 'lib/server/endpoints';
import { json, withErrors } from 'lib/server/http';
import { endpointsQuerySchema, parseQuery } from 'lib/server/validate';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async (request) => {
  const { source, q, limit } = parseQuery(endpointsQuerySchema, new URL(request.url));
  const { model } = await getSource(source);
  return json(searchEndpoints(model, q, limit));
});
