// ELK's worker script, served from our own origin (CSP `worker-src 'self'`) so the trace
// layout runs off the main thread. Served by a route rather than copied into public/, so
// a plain `next build` needs no extra step; the file comes from the installed elkjs.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const dynamic = 'force-static';

async function workerSource(): Promise<string> {
  try {
    return await readFile(createRequire(import.meta.url).resolve('elkjs/lib/elk-worker.min.js'), 'utf8');
  } catch {
    // Bundled servers may not resolve package files; the project's node_modules still hold it.
    return readFile(join(process.cwd(), 'node_modules', 'elkjs', 'lib', 'elk-worker.min.js'), 'utf8');
  }
}

export async function GET(): Promise<Response> {
  return new Response(await workerSource(), {
    headers: {
      'content-type': 'text/javascript; charset=utf-8',
      // Changes only with an elkjs upgrade, which comes with a new build.
      'cache-control': 'public, max-age=86400',
    },
  });
}
