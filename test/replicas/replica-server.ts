// One dashboard replica for the two-replica test: a plain Node HTTP server in its own
// process that serves the app's own route handlers (app/api/...) unchanged, on the
// store named by DATABASE_URL. What a replica shares with another is only that database:
// its model cache, its data directory (PACKETPATH_DATA_DIR) and its memory are its own.
// Prints `LISTENING <port>` once it accepts connections.

import { createServer, type IncomingMessage } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { NextRequest } from 'next/server';
import * as sources from '../../app/api/sources/route';
import * as trace from '../../app/api/trace/route';
import * as shares from '../../app/api/shares/route';
import * as share from '../../app/api/shares/[id]/route';
import { preloadWorkers } from '../../lib/server/workers/pool';

function toRequest(req: IncomingMessage): NextRequest {
  const url = `http://127.0.0.1${req.url ?? '/'}`;
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new NextRequest(url, {
    method: req.method ?? 'GET',
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  } as ConstructorParameters<typeof NextRequest>[1]);
}

// The event loop's delay while serving (bench/api.ts reads and resets it at /_eld).
const eld = monitorEventLoopDelay({ resolution: 10 });
eld.enable();

async function route(request: NextRequest): Promise<Response> {
  const path = request.nextUrl.pathname;
  if (path === '/_eld') {
    const body = { maxMs: eld.max / 1e6, p99Ms: eld.percentile(99) / 1e6 };
    eld.reset();
    return Response.json(body);
  }
  if (path === '/api/sources')
    return request.method === 'POST' ? sources.POST(request) : sources.GET(request);
  if (path === '/api/trace') return trace.GET(request);
  if (path === '/api/shares' && request.method === 'POST') return shares.POST(request);
  const m = /^\/api\/shares\/([^/]+)$/.exec(path);
  if (m) return share.GET(request, { params: Promise.resolve({ id: decodeURIComponent(m[1]!) }) });
  return new Response('not found', { status: 404 });
}

const server = createServer((req, res) => {
  route(toRequest(req))
    .then(async (answer) => {
      res.writeHead(answer.status, Object.fromEntries(answer.headers.entries()));
      res.end(Buffer.from(await answer.arrayBuffer()));
    })
    .catch((e: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(e));
    });
});
// As the Next server does at start (instrumentation.ts): one worker thread loaded before
// the first request.
await preloadWorkers();
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`LISTENING ${typeof addr === 'object' && addr ? addr.port : 0}\n`);
});
// A clean exit on SIGTERM (so `--cpu-prof` writes its profile).
process.on('SIGTERM', () => server.close(() => process.exit(0)));
