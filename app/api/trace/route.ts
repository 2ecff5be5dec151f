import { answerTrace } from 'lib/server/trace-answer';
import { jsonText, withErrors } from 'lib/server/http';
import { parseTraceQuery } from 'lib/server/validate';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async (request) => {
  const { source, replica, ...query } = parseTraceQuery(new URL(request.url));
  // Answered where the source's model lives (the main thread or a worker thread).
  return jsonText(
    await answerTrace({ query, ...(source ? { source } : {}), ...(replica ? { replica } : {}) }),
  );
});
