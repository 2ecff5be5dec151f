import { traceRoute, formatTrace } from 'lib/engine';
import { getSource } from 'lib/server';
import { jsonText, withErrors } from 'lib/server/http';
import { parseTraceQuery } from 'lib/server/validate';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async (request) => {
  const { source, replica, ...query } = parseTraceQuery(new URL(request.url));
  const { model } = await getSource(source);
  // The CLI's JSON formatter, so the API answer is exactly `packetpath trace --format json`.
  return jsonText(formatTrace(traceRoute(model, query, replica ? { replica } : {}), 'json'));
});
