import { traceRoute } from 'lib/engine';
import { getSource } from 'lib/server';
import { json, withErrors } from 'lib/server/http';
import { parseQuery, traceQuerySchema } from 'lib/server/validate';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async (request) => {
  const { source, ...query } = parseQuery(traceQuerySchema, new URL(request.url));
  const { model } = await getSource(source);
  return json(traceRoute(model, query));
});
