import { ApiError } from 'lib/server/errors';
import { json, withErrors } from 'lib/server/http';
import { readShare } from 'lib/server/shares';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await context.params;
  return withErrors(async () => {
    const share = await readShare(id);
    if (!share) throw new ApiError(404, 'unknown share', 'no share link with this id (it may have expired)');
    return json(share);
  })(request);
}
