// One benchmark size (S, M or L) measured in its own process, so one size's heap does not
// weigh on the next and peak RSS belongs to one job. Run by bench/run.ts:
//   tsx bench/scale.ts SIZE measure [--quick]   → JSON rows on stdout (last line)
//   tsx bench/scale.ts SIZE rss json|yaml       → peak RSS of one ingest of the dump
// Every timing is paired with a baseline measured in the same process, interleaved.

import { readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { Parser, parseAllDocuments } from 'yaml';
import { computeReach } from '../lib/engine/reach';
import { traceRoute } from '../lib/engine/trace';
import { loadModel, parseText, snapshotFromObjects } from '../lib/ingest';
import type { ClusterModel, Pod } from '../lib/model/types';
import { naiveConnections } from './baseline';
import { benchDumps, type BenchSize } from './clusters';
import { median, type Row } from './harness';
import { prng } from './generate';

const MiB = 1024 * 1024;

function ingest(text: string, file: string): ClusterModel {
  const parsed = parseText(text, file);
  return loadModel(snapshotFromObjects([parsed], { kind: 'files', title: file }).snapshot);
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

/** Medians of `ours` and `base` run alternately `n` times (after one untimed run of each). */
function paired(n: number, ours: () => unknown, base: () => unknown): { ours: number; base: number } {
  ours();
  base();
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < n; i++) {
    a.push(time(ours).ms);
    b.push(time(base).ms);
  }
  return { ours: median(a), base: median(b) };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

function traces(model: ClusterModel, n: number): { p50: number; p99: number } {
  const rand = prng(11);
  const pods = [...model.pods.keys()];
  const svcs = [...model.services.keys()].filter((k) =>
    (model.index.slicesByService.get(k) ?? []).some((s) => s.endpoints.some((e) => e.ready)),
  );
  const qs = Array.from({ length: n }, () => ({
    from: `pod:${pods[Math.floor(rand() * pods.length)]!}`,
    to: `svc:${svcs[Math.floor(rand() * svcs.length)]!}`,
  }));
  for (const q of qs.slice(0, 50)) traceRoute(model, q); // warm-up
  const ms = qs.map((q) => time(() => traceRoute(model, q)).ms).sort((x, y) => x - y);
  return { p50: percentile(ms, 0.5), p99: percentile(ms, 0.99) };
}

/** The per-pair evaluator's time for every workload pair, from a timed random sample. */
function perPairEstimate(model: ClusterModel, samples: number): { ms: number; pairs: number } {
  const peers = new Map<string, Pod>();
  for (const pod of model.pods.values()) {
    const name = `${pod.workload.namespace}/${pod.workload.name}[${pod.workload.kind}]`;
    if (!peers.has(name)) peers.set(name, pod);
  }
  const list = [...peers.values()];
  const rand = prng(5);
  const pick = () => list[Math.floor(rand() * list.length)]!;
  const t = time(() => {
    for (let i = 0; i < samples; i++)
      naiveConnections(model, { type: 'pod', pod: pick() }, { type: 'pod', pod: pick() });
  });
  const pairs = list.length * (list.length - 1);
  return { ms: (t.ms / samples) * pairs, pairs };
}

async function measure(size: BenchSize, quick: boolean): Promise<Row[]> {
  const d = await benchDumps(size, (l) => process.stderr.write(`${l}\n`));
  const rows: Row[] = [];
  const jsonText = readFileSync(d.json, 'utf8');
  const jsonMiB = statSync(d.json).size / MiB;
  const reps = size === 'L' ? (quick ? 1 : 3) : size === 'M' ? 3 : 5;
  const j = paired(
    reps,
    () => ingest(jsonText, d.json),
    () => JSON.parse(jsonText),
  );
  rows.push({
    name: `${size} JSON ingest (${jsonMiB.toFixed(0)} MiB) vs JSON.parse`,
    ours: j.ours,
    baseline: j.base,
    note: `${(j.ours / j.base).toFixed(2)}x parse (target ≤ 1.5x); ${(jsonMiB / (j.ours / 1000)).toFixed(0)} MiB/s`,
  });

  const gz = time(() => ingest(gunzipSync(readFileSync(d.jsonGz)).toString('utf8'), d.jsonGz));
  rows.push({
    name: `${size} JSON.gz ingest (${(statSync(d.jsonGz).size / MiB).toFixed(1)} MiB)`,
    ours: gz.ms,
    baseline: j.ours,
    note: 'baseline: the same dump uncompressed',
  });

  const yamlText = readFileSync(d.yaml, 'utf8');
  const yamlMiB = statSync(d.yaml).size / MiB;
  if (size === 'S') {
    // The yaml package's bare parse (what ingest used before); too slow to run above S.
    const y = paired(
      quick ? 1 : 3,
      () => ingest(yamlText, d.yaml),
      () =>
        parseAllDocuments(yamlText).map((doc) =>
          Array.isArray(doc) ? undefined : doc.toJS({ maxAliasCount: -1 }),
        ),
    );
    rows.push({
      name: `${size} YAML ingest (${yamlMiB.toFixed(0)} MiB) vs yaml parseAllDocuments`,
      ours: y.ours,
      baseline: y.base,
      note: `${(yamlMiB / (y.ours / 1000)).toFixed(1)} MiB/s (target ≥ 50)`,
    });
    // The yaml package's lower level: its Lexer + Parser alone (a CST, no values yet), the
    // floor of any path through that package.
    const cst = paired(
      quick ? 1 : 3,
      () => ingest(yamlText, d.yaml),
      () => {
        let n = 0;
        for (const _token of new Parser().parse(yamlText)) n++;
        return n;
      },
    );
    rows.push({
      name: `${size} YAML ingest vs yaml Lexer+Parser (CST only)`,
      ours: cst.ours,
      baseline: cst.base,
      note: 'the candidate without composing values',
    });
  }
  const yj = paired(
    size === 'L' ? 1 : quick ? 1 : 3,
    () => ingest(yamlText, d.yaml),
    () => loadAll(yamlText, null, { schema: CORE_SCHEMA }),
  );
  rows.push({
    name: `${size} YAML ingest (${yamlMiB.toFixed(0)} MiB) vs js-yaml bare load`,
    ours: yj.ours,
    baseline: yj.base,
    note: `${(yamlMiB / (yj.ours / 1000)).toFixed(1)} MiB/s (target ≥ 50)`,
  });

  // Upload → first trace, in process: the bytes of the dump to the first answer.
  const first = time(() => {
    const model = ingest(jsonText, d.json);
    const pod = model.pods.keys().next().value!;
    const svc =
      [...model.services.keys()].find((k) => k.startsWith('team-')) ?? model.services.keys().next().value!;
    return traceRoute(model, { from: `pod:${pod}`, to: `svc:${svc}` });
  });
  rows.push({
    name: `${size} JSON dump bytes → first trace answer`,
    ours: first.ms,
    note: 'in process (no HTTP); target at L ≤ 30 s',
  });

  const model = ingest(jsonText, d.json);
  const t = traces(model, 1000);
  rows.push({
    name: `${size} trace p50 (1,000 random pod → Service)`,
    ours: t.p50,
    note: 'target at L ≤ 1 ms',
  });
  rows.push({ name: `${size} trace p99`, ours: t.p99, note: 'target at L ≤ 5 ms' });

  if (size !== 'S' && !(quick && size === 'L')) {
    const reach = time(() => computeReach(model, { granularity: 'workload' }));
    const naive = perPairEstimate(model, 400);
    rows.push({
      name: `${size} reach (workload, ${reach.value.pairs.length} pairs) vs per-pair`,
      ours: reach.ms,
      baseline: naive.ms,
      note: `baseline estimated from 400 timed pairs × ${naive.pairs} pairs; target at L ≤ 10 s and ≥ 10x`,
    });
  }
  return rows;
}

function rss(size: BenchSize, format: 'json' | 'yaml'): Promise<Row[]> {
  return benchDumps(size).then((d) => {
    const file = format === 'json' ? d.json : d.yaml;
    const before = process.memoryUsage().rss;
    const model = ingest(readFileSync(file, 'utf8'), file);
    const peak = process.resourceUsage().maxRSS * 1024;
    const mib = statSync(file).size / MiB;
    return [
      {
        name: `${size} ${format.toUpperCase()} ingest peak RSS per MiB of input`,
        ours: peak / MiB / mib,
        unit: 'x',
        note: `${(peak / MiB).toFixed(0)} MiB peak for ${mib.toFixed(0)} MiB (${model.pods.size} pods; process start ${(before / MiB).toFixed(0)} MiB); target ≤ 3`,
      },
    ];
  });
}

const [size, mode, arg] = process.argv.slice(2) as [BenchSize, string, string];
const rows =
  mode === 'rss'
    ? await rss(size, arg === 'yaml' ? 'yaml' : 'json')
    : await measure(size, process.argv.includes('--quick'));
process.stdout.write(`${JSON.stringify(rows)}\n`);
