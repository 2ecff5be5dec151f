// `npm run bench`: the indexed evaluator and reach against the naive baseline, on the
// same synthetic cluster, in one run. Prints the median of several repetitions and the
// ratio; checks first that both give the same answers. Not a test: timings vary.

import { evaluateConnection } from '../lib/engine/policy';
import { computeReach } from '../lib/engine/reach';
import { loadModel } from '../lib/ingest';
import type { ClusterModel, Protocol } from '../lib/model/types';
import { naiveEvaluate, naiveReach } from './baseline';
import { generateCluster, prng } from './generate';

const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => unknown, repeat = REPEAT): number {
  const runs: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    fn();
    runs.push(performance.now() - start);
  }
  return median(runs);
}

function freshModel(): ClusterModel {
  // A new model per repetition, so memoised selections do not carry over between runs.
  return loadModel(generateCluster());
}

function queries(model: ClusterModel, n: number) {
  const rand = prng(7);
  const keys = [...model.pods.keys()];
  const protocols: Protocol[] = ['TCP', 'TCP', 'TCP', 'UDP', 'SCTP'];
  return Array.from({ length: n }, () => ({
    from: keys[Math.floor(rand() * keys.length)]!,
    to: keys[Math.floor(rand() * keys.length)]!,
    protocol: protocols[Math.floor(rand() * protocols.length)]!,
    port: [53, 80, 443, 8000 + Math.floor(rand() * 100), 9090][Math.floor(rand() * 5)]!,
  }));
}

function row(name: string, ours: number, naive: number): void {
  process.stdout.write(`${name.padEnd(34)} ${ours.toFixed(1).padStart(10)} ms ${naive.toFixed(1).padStart(10)} ms ${(naive / ours).toFixed(1).padStart(8)}x\n`);
}

const probe = freshModel();
const qs = queries(probe, 2000);
process.stdout.write(`synthetic cluster: ${probe.pods.size} pods, ${probe.namespaces.size} namespaces, ` +
  `${probe.networkPolicies.length} NetworkPolicies, ${probe.adminPolicies.length} ANP, baseline ${probe.baselinePolicy ? 'yes' : 'no'}; ` +
  `median of ${REPEAT} runs\n`);

// Same answers first: a fast wrong answer is not a result.
for (const q of qs) {
  const ours = evaluateConnection(probe, { type: 'pod', pod: probe.pods.get(q.from)! }, { type: 'pod', pod: probe.pods.get(q.to)! }, q.protocol, q.port).allowed;
  if (ours !== naiveEvaluate(probe, q.from, q.to, q.protocol, q.port)) throw new Error(`evaluators disagree on ${JSON.stringify(q)}`);
}
const oursReach = computeReach(probe, { granularity: 'workload' });
const naive = naiveReach(probe);
if (JSON.stringify(oursReach) !== JSON.stringify(naive)) throw new Error('reach results differ from the baseline');
process.stdout.write(`answers agree: ${qs.length} connections, ${oursReach.pairs.length} reach pairs\n\n`);
process.stdout.write(`${'benchmark'.padEnd(34)} ${'indexed'.padStart(13)} ${'naive'.padStart(13)} ${'speed-up'.padStart(9)}\n`);

const evalModels = Array.from({ length: REPEAT * 2 }, freshModel);
let next = 0;
const evalOurs = time(() => {
  const m = evalModels[next++]!;
  for (const q of qs) evaluateConnection(m, { type: 'pod', pod: m.pods.get(q.from)! }, { type: 'pod', pod: m.pods.get(q.to)! }, q.protocol, q.port);
});
const evalNaive = time(() => {
  const m = evalModels[next++]!;
  for (const q of qs) naiveEvaluate(m, q.from, q.to, q.protocol, q.port);
});
row(`evaluateConnection x${qs.length}`, evalOurs, evalNaive);

const reachModels = Array.from({ length: REPEAT }, freshModel);
next = 0;
const reachOurs = time(() => computeReach(reachModels[next++]!, { granularity: 'workload' }));
const reachNaive = time(() => naiveReach(probe), Math.min(REPEAT, 3));
row(`computeReach (workload, ${oursReach.pairs.length} pairs)`, reachOurs, reachNaive);
