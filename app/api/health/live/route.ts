import { json } from 'lib/server/http';

export const dynamic = 'force-dynamic';

/** The process is up and answering. */
export function GET(): Response {
  return json({ status: 'ok' });
}
