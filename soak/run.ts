// `npm run soak`: the long form of the load test (200 clients on the trace API for 60 s,
// uploads in parallel). Exits 1 on any trace or upload error, or RSS growth past the bound.
import { soak } from './load';

const connections = Number(process.argv[2] ?? 200);
const seconds = Number(process.argv[3] ?? 60);
/** RSS may grow by at most this much over the run (a model cache fills, nothing leaks). */
const MAX_GROWTH = 512 * 1024 * 1024;
const MiB = 1024 * 1024;

const r = await soak({ connections, seconds, uploaders: 4 });
const growth = r.rssAfterBytes - r.rssBeforeBytes;
process.stdout.write(
  [
    `traces: ${r.traces.requests} requests, ${r.traces.errors} errors, ${r.traces.rps.toFixed(0)}/s, p50 ${r.traces.p50Ms} ms, p99 ${r.traces.p99Ms} ms (${connections} clients, ${seconds} s)`,
    `  errors: ${JSON.stringify(r.traces.breakdown)}`,
    `uploads: ${r.uploads.created} created, ${r.uploads.busy} refused 429 with Retry-After, ${r.uploads.errors} errors`,
    ...r.uploads.samples.map((s) => `  upload error: ${s}`),
    `RSS: ${(r.rssBeforeBytes / MiB).toFixed(0)} MiB before, ${(r.rssAfterBytes / MiB).toFixed(0)} MiB after (bound: +${MAX_GROWTH / MiB} MiB)`,
    '',
  ].join('\n'),
);
if (r.traces.errors > 0 || r.uploads.errors > 0 || growth > MAX_GROWTH) process.exitCode = 1;
