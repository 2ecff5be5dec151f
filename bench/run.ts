// `npm run bench`: one table, every timing beside a baseline measured in the same run.
// Each benchmark cluster size (bench/clusters.ts: S 1k, M 10k, L 50k pods, as kubectl
// dumps in a cache dir) is measured in its own process (bench/scale.ts): ingest against a
// bare parse of the same bytes, traces, reach against the per-pair evaluator, peak RSS;
// then over HTTP at S and L (bench/api.ts): upload → first trace, trace throughput at 50
// connections against the server's empty route, event-loop stalls.
// Then the engine micro-benchmarks (policy.ts, trace.ts) on the seeded 5,000-pod cluster, and
// what-if (whatif.ts) on the built-in 5,000-pod scenario.
//
//   npm run bench                     all sizes (L needs ~10 min and ~6 GB on 2 cores)
//   npm run bench -- --quick          S and M, fewer repetitions, no micro-benchmarks
//   npm run bench -- --sizes S,L      chosen sizes
// Not a test: timings vary; read the ratios.

import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchSize } from './clusters';
import { WARMUP, REPEAT, formatRow, header } from './harness';
import type { Row } from './harness';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const sizesArg = args[args.indexOf('--sizes') + 1];
const sizes = (
  args.includes('--sizes') && sizesArg ? sizesArg.split(',') : quick ? ['S', 'M'] : ['S', 'M', 'L']
) as BenchSize[];
const log = (line: string) => process.stdout.write(`${line}\n`);
const child = fileURLToPath(new URL('./scale.ts', import.meta.url));
const apiChild = fileURLToPath(new URL('./api.ts', import.meta.url));

function runChild(params: readonly string[], script = child): Row[] {
  const r = spawnSync(
    process.execPath,
    ['--max-old-space-size=12288', '--import', 'tsx', script, ...params],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0) throw new Error(`bench/scale.ts ${params.join(' ')} failed (${r.status ?? r.signal})`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Row[];
}

log(
  `packetpath bench: node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; sizes ${sizes.join(', ')}${quick ? ' (quick)' : ''}`,
);
const rows: Row[] = [];
const p50: Partial<Record<BenchSize, number>> = {};
for (const size of sizes) {
  log(`bench: ${size}…`);
  const measured = runChild([size, 'measure', ...(quick ? ['--quick'] : [])]);
  rows.push(...measured);
  p50[size] = measured.find((r) => r.name.startsWith(`${size} trace p50`))?.ours;
  rows.push(...runChild([size, 'rss', 'json']));
  if (size !== 'L' || !quick) rows.push(...runChild([size, 'rss', 'yaml']));
  // HTTP: upload → first trace, throughput at 50 connections, event-loop stalls (S and L).
  if (size !== 'M') rows.push(...runChild([size, quick ? '5' : '10'], apiChild));
}
if (p50.L !== undefined && p50.S !== undefined)
  rows.push({ name: 'trace p50 L/S', ours: p50.L / p50.S, unit: 'x', note: 'target ≤ 2' });
if (!quick) {
  const { benchPolicy } = await import('./policy');
  const { benchTrace } = await import('./trace');
  const { benchWhatIf } = await import('./whatif');
  log(
    `bench: micro-benchmarks on the seeded 5,000-pod cluster; ${WARMUP} warm-up + ${REPEAT} timed runs per side, median`,
  );
  rows.push(...benchPolicy(log), ...benchTrace(log), ...benchWhatIf(log));
}
process.stdout.write(`\n${header()}${rows.map(formatRow).join('')}`);
