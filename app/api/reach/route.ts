import { formatReach } from 'lib/engine';
import { reachOf } from 'lib/server/reach-cache';
import { getSource } from 'lib/server';
import { jsonText, withErrors } from 'lib/server/http';
import { parseQuery, reachQuerySchema } from 'lib/server/validate';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async (request) => {
  const { source, granularity, namespace, ipblockPods } = parseQuery(reachQuerySchema, new URL(request.url));
  const loaded = await getSource(source);
  return jsonText(
    formatReach(
      await reachOf(loaded, {
        granularity,
        ...(namespace ? { namespace } : {}),
        ...(ipblockPods ? { ipblockPods } : {}),
      }),
      'json',
    ),
  );
});
