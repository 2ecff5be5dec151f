import { json, withErrors } from 'lib/server/http';
import { MAX_CHANGES_BODY_BYTES, readJsonBody, whatIfSchema } from 'lib/server/request-body';
import { runWhatIf } from 'lib/server/whatif';

export const dynamic = 'force-dynamic';

/** Changes laid over a source: `{"trace"?: {"before","after"}, "reach", "lint", "whatIf"}` (http.md, second edition). */
export const POST = withErrors(async (request) => {
  const body = await readJsonBody(request, whatIfSchema, MAX_CHANGES_BODY_BYTES);
  return json(await runWhatIf(body));
});
