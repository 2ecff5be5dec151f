import { ApiError } from 'lib/server/errors';
import { json, withErrors } from 'lib/server/http';
import { decodeTraceQuery } from 'lib/model/trace-query';
import { invalidQuery, parseQuery, snapshotDiffQuerySchema } from 'lib/server/validate';
import { diffSources } from 'lib/server/snapshots';

export const dynamic = 'force-dynamic';

/** `?a=&b=` snapshot ids (or source ids), optional `from`/`to`/`port`/... to focus on one path. */
export const GET = withErrors(async (request) => {
  const url = new URL(request.url);
  const { a, b } = parseQuery(snapshotDiffQuerySchema, url);
  const from = url.searchParams.get('from')?.trim();
  const to = url.searchParams.get('to')?.trim();
  if (Boolean(from) !== Boolean(to))
    throw new ApiError(400, 'invalid query', 'from and to: give both to focus on a path, or neither');
  const decoded = from && to ? decodeTraceQuery(url.searchParams) : undefined;
  if (decoded && !decoded.ok) throw invalidQuery(decoded.problems);
  const query = decoded?.ok ? decoded.value : undefined;
  return json(await diffSources(a, b, query));
});
