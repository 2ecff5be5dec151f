import { z } from 'zod';
import { ApiError } from 'lib/server/errors';
import { json, withErrors } from 'lib/server/http';
import { parseQuery, traceQuerySchema } from 'lib/server/validate';
import { diffSources } from 'lib/server/snapshots';

export const dynamic = 'force-dynamic';

const ref = z
  .string()
  .trim()
  .min(1)
  .max(240)
  .regex(/^[a-z0-9][a-z0-9-]*(?::[A-Za-z0-9._~-]+)?$/, 'expected a snapshot id or a source id');
const diffQuery = traceQuerySchema
  .omit({ source: true })
  .partial({ from: true, to: true })
  .extend({ a: ref, b: ref });

/** `?a=&b=` snapshot ids (or source ids), optional `from`/`to`/`port`/... to focus on one path. */
export const GET = withErrors(async (request) => {
  const { a, b, from, to, ...rest } = parseQuery(diffQuery, new URL(request.url));
  if (Boolean(from) !== Boolean(to))
    throw new ApiError(400, 'invalid query', 'from and to: give both to focus on a path, or neither');
  const query = from && to ? { from, to, ...rest } : undefined;
  return json(await diffSources(a, b, query));
});
