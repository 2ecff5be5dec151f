// The HTTP side at one size: a server process serving the app's route handlers
// (test/replicas/replica-server.ts; plain Node http, not Next, whose own per-request cost
// comes on top) on a private SQLite store. Measures the dump's upload → first trace answer,
// trace throughput and latency at 50 connections, and the event loop's longest stall in the
// server meanwhile (perf_hooks.monitorEventLoopDelay). Baseline for throughput: the same
// server's empty 404 route at the same concurrency.
//   tsx bench/api.ts SIZE [seconds]   → JSON rows on stdout (last line)

import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { appName, appNamespace, appPodRef } from '../lib/scenarios/generate/large-cluster';
import { BENCH_CLUSTERS, benchDumps, type BenchSize } from './clusters';
import { prng } from './generate';
import type { Row } from './harness';

const size = (process.argv[2] ?? 'S') as BenchSize;
const seconds = Number(process.argv[3] ?? 10);
const CONNECTIONS = 50;
const dumps = await benchDumps(size);
const dataDir = mkdtempSync(join(tmpdir(), 'packetpath-bench-api-'));
const server = spawn(
  process.execPath,
  [
    ...(process.env.BENCH_API_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/apiprof'] : []),
    '--max-old-space-size=12288',
    '--import',
    'tsx',
    fileURLToPath(new URL('../test/replicas/replica-server.ts', import.meta.url)),
  ],
  {
    env: {
      ...process.env,
      DATABASE_URL: '',
      PACKETPATH_DATA_DIR: dataDir,
      PACKETPATH_AUTH_TOKEN: '',
      PACKETPATH_MODEL_CACHE_BYTES: String(8 * 2 ** 30),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const base = await new Promise<string>((resolve, reject) => {
  server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  createInterface({ input: server.stdout! }).on('line', (l) => {
    const m = /^LISTENING (\d+)$/.exec(l);
    if (m) resolve(`http://127.0.0.1:${m[1]}`);
  });
});

async function eld(): Promise<{ maxMs: number; p99Ms: number }> {
  return (await (await fetch(`${base}/_eld`)).json()) as { maxMs: number; p99Ms: number };
}

const rows: Row[] = [];
try {
  await eld();
  const mib = statSync(dumps.json).size / 2 ** 20;
  const t0 = performance.now();
  const up = await fetch(`${base}/api/sources?name=${size}.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: Readable.toWeb(createReadStream(dumps.json)) as ReadableStream<Uint8Array>,
    duplex: 'half',
  } as RequestInit);
  if (up.status !== 201) throw new Error(`upload answered ${up.status}: ${await up.text()}`);
  const { id } = (await up.json()) as { id: string };
  const uploaded = performance.now() - t0;
  const q = (from: string, to: string) =>
    `${base}/api/trace?${new URLSearchParams({ source: id, from, to })}`;
  const p = BENCH_CLUSTERS[size];
  const pair = (from: number, to: number) =>
    q(appPodRef(p, from), `svc:${appNamespace(p, to)}/${appName(to)}`);
  const first = await fetch(pair(1, 0));
  const firstMs = performance.now() - t0;
  const firstStatus = first.status;
  await first.text();
  const stall = await eld();
  rows.push({
    name: `${size} upload (${mib.toFixed(0)} MiB JSON, HTTP) → first trace answer`,
    ours: firstMs,
    note: `upload 201 after ${(uploaded / 1000).toFixed(1)} s; trace ${firstStatus}; target at L ≤ 30 s`,
  });
  rows.push({
    name: `${size} longest event-loop stall during the upload`,
    ours: stall.maxMs,
    note: 'target ≤ 100 ms (parse and model build run in a worker thread; the request thread spools the body and receives the model)',
  });

  // Throughput: CONNECTIONS loops for `seconds`, random app pods → Services of the dump.
  const rand = prng(3);
  const apps = Math.floor(p.services / 2);
  const targets = Array.from({ length: 500 }, () =>
    pair(Math.floor(rand() * apps), Math.floor(rand() * apps)),
  );
  const load = async (urls: readonly string[]) => {
    const lat: number[] = [];
    const end = performance.now() + seconds * 1000;
    let n = 0;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async (_, c) => {
        for (let i = c; performance.now() < end; i += CONNECTIONS) {
          const s = performance.now();
          const r = await fetch(urls[i % urls.length]!);
          await r.arrayBuffer();
          lat.push(performance.now() - s);
          n++;
        }
      }),
    );
    lat.sort((a, b) => a - b);
    return {
      rps: n / seconds,
      p50: lat[Math.floor(lat.length / 2)]!,
      p99: lat[Math.floor(lat.length * 0.99)]!,
    };
  };
  await eld();
  const traces = await load(targets);
  const traceStall = await eld();
  const empty = await load([`${base}/api/nothing`]);
  rows.push({
    name: `${size} API trace throughput, ${CONNECTIONS} connections, ${seconds} s`,
    ours: 1000 / traces.rps,
    baseline: 1000 / empty.rps,
    note: `${traces.rps.toFixed(0)} req/s (empty route ${empty.rps.toFixed(0)}); p50 ${traces.p50.toFixed(1)} ms, p99 ${traces.p99.toFixed(1)} ms; longest stall ${traceStall.maxMs.toFixed(0)} ms; target ≥ 1,000/s; figures are ms per request`,
  });
} finally {
  server.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify(rows)}\n`);
