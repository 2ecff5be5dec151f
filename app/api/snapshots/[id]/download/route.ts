import { ApiError } from 'lib/server/errors';
import { withErrors } from 'lib/server/http';
import { snapshotFile } from 'lib/server/snapshots';

export const dynamic = 'force-dynamic';

/** The PacketpathSnapshot file (YAML) that `packetpath trace -f FILE` reads. */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await context.params;
  return withErrors(async () => {
    const file = await snapshotFile(id);
    if (!file) throw new ApiError(404, 'unknown snapshot', 'no saved snapshot or upload with this id');
    return new Response(file.text, {
      headers: {
        'content-type': 'application/yaml; charset=utf-8',
        'content-disposition': `attachment; filename="${file.fileName}"`,
        'cache-control': 'no-store',
      },
    });
  })(request);
}
