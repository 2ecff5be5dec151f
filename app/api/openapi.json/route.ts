import { json } from 'lib/server/http';
import { openApiDocument } from 'lib/server/openapi';

export const dynamic = 'force-dynamic';

/** The OpenAPI 3.1 document of this API, generated from the routes' zod schemas. */
export function GET(): Response {
  return json(openApiDocument(), { headers: { 'cache-control': 'public, max-age=300' } });
}
