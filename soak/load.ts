// Load on one server process: `connections` clients tracing through the API (autocannon)
// for `seconds`, with `uploaders` clients uploading dumps in parallel. The server is
// test/replicas/replica-server.ts (the app's route handlers on plain Node http, a private
// SQLite store), so the figures are the app's, not Next's. RSS is read from /proc before
// the load (after a warm-up) and after it.
//   npm run soak                      → 200 clients, 60 s (the long form)
//   tsx soak/run.ts CLIENTS SECONDS   → another shape

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { barePodList } from '../bench/clusters';
import { scenarios } from '../lib/scenarios';

export interface SoakOptions {
  readonly connections: number;
  readonly seconds: number;
  /** Clients uploading in a loop meanwhile. */
  readonly uploaders: number;
}

export interface SoakReport {
  readonly traces: {
    readonly requests: number;
    /** Connection errors, timeouts and answers other than 2xx. */
    readonly errors: number;
    /** The parts of `errors`, and the answers by status code. */
    readonly breakdown: {
      connection: number;
      timeouts: number;
      non2xx: number;
      statusCodes: Record<string, number>;
    };
    readonly rps: number;
    readonly p50Ms: number;
    readonly p99Ms: number;
  };
  readonly uploads: {
    readonly created: number;
    /** Refused with 429 and Retry-After: the upload gate's back-pressure, by design. */
    readonly busy: number;
    readonly errors: number;
    /** The first few failed answers, to say what went wrong. */
    readonly samples: readonly string[];
  };
  readonly rssBeforeBytes: number;
  readonly rssAfterBytes: number;
}

function rssOf(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

async function startServer(dataDir: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('../test/replicas/replica-server.ts', import.meta.url))],
    {
      env: { ...process.env, DATABASE_URL: '', PACKETPATH_DATA_DIR: dataDir, PACKETPATH_AUTH_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const base = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (l) => {
      const m = /^LISTENING (\d+)$/.exec(l);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    });
  });
  return { child, base };
}

/** Trace paths over the first scenarios' queries, every one answered 200. */
function tracePaths(): string[] {
  return scenarios.slice(0, 4).flatMap((s) =>
    s.queries.map((q) => {
      const p = new URLSearchParams({ source: `scenario:${s.slug}`, from: q.from, to: q.to });
      if (q.port) p.set('port', String(q.port));
      return `/api/trace?${p}`;
    }),
  );
}

export async function soak(options: SoakOptions): Promise<SoakReport> {
  const dataDir = mkdtempSync(join(tmpdir(), 'packetpath-soak-'));
  const { child, base } = await startServer(dataDir);
  try {
    const paths = tracePaths();
    // Warm-up: every model built and every route loaded before RSS is first read.
    for (const p of paths) {
      const r = await fetch(base + p);
      if (r.status !== 200) throw new Error(`warm-up ${p} answered ${r.status}: ${await r.text()}`);
    }
    const body = barePodList(1000);
    const up = await fetch(`${base}/api/sources?name=warm.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    if (up.status !== 201) throw new Error(`warm-up upload answered ${up.status}`);
    const rssBeforeBytes = rssOf(child.pid!);

    const uploads = { created: 0, busy: 0, errors: 0, samples: [] as string[] };
    const failed = (what: string) => {
      uploads.errors++;
      if (uploads.samples.length < 3) uploads.samples.push(what.slice(0, 300));
    };
    const end = Date.now() + options.seconds * 1000;
    const uploaders = Array.from({ length: options.uploaders }, async (_, i) => {
      for (let n = 0; Date.now() < end; n++) {
        try {
          const r = await fetch(`${base}/api/sources?name=up-${i}-${n}.json`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          });
          const answer = await r.text();
          if (r.status === 201) uploads.created++;
          else if (r.status === 429 && r.headers.get('retry-after')) {
            uploads.busy++;
            // Not the full Retry-After: the point is to keep the gate under pressure.
            await new Promise((resolve) => setTimeout(resolve, 200));
          } else failed(`${r.status} ${answer}`);
        } catch (err) {
          failed(String(err));
        }
      }
    });
    const result = await autocannon({
      url: base,
      connections: options.connections,
      duration: options.seconds,
      requests: paths.map((path) => ({ method: 'GET', path })),
      timeout: 30,
    });
    await Promise.all(uploaders);
    const rssAfterBytes = rssOf(child.pid!);
    return {
      traces: {
        requests: result.requests.total,
        errors: result.errors + result.timeouts + result.non2xx,
        breakdown: {
          connection: result.errors,
          timeouts: result.timeouts,
          non2xx: result.non2xx,
          statusCodes: Object.fromEntries(
            Object.entries(result.statusCodeStats ?? {}).map(([code, v]) => [
              code,
              (v as { count: number }).count,
            ]),
          ),
        },
        rps: result.requests.average,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
      },
      uploads,
      rssBeforeBytes,
      rssAfterBytes,
    };
  } finally {
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}
