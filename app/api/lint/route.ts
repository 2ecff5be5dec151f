import { formatLint } from 'lib/engine';
import { lintOf } from 'lib/server/lint-cache';
import { getSource } from 'lib/server';
import { jsonText, withErrors } from 'lib/server/http';
import { lintQuerySchema, parseQuery } from 'lib/server/validate';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async (request) => {
  const { source, ipblockPods } = parseQuery(lintQuerySchema, new URL(request.url));
  const { model } = await getSource(source);
  return jsonText(formatLint(lintOf(model, ipblockPods ? { ipblockPods } : {}), 'json'));
});
