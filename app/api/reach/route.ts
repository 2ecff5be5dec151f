import { computeReach, formatReach } from 'lib/engine';
import { getSource } from 'lib/server';
import { jsonText, withErrors } from 'lib/server/http';
import { parseQuery, reachQuerySchema } from 'lib/server/validate';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async (request) => {
  const { source, granularity, namespace } = parseQuery(reachQuerySchema, new URL(request.url));
  const { model } = await getSource(source);
  return jsonText(formatReach(computeReach(model, namespace ? { granularity, namespace } : { granularity }), 'json'));
});
