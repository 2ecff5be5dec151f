// Policy benchmarks: the indexed evaluateConnection and computeReach against the naive
// baseline (baseline.ts) on the same seeded synthetic cluster. Both sides must give the
// same answers before anything is timed.

import { evaluateConnection } from '../lib/engine/policy';
import { computeReach } from '../lib/engine/reach';
import { loadModel } from '../lib/ingest';
import type { ClusterModel, Protocol } from '../lib/model/types';
import { naiveEvaluate, naiveReach } from './baseline';
import { generateCluster, prng } from './generate';
import type { Row } from './harness';
import { measure } from './harness';

const QUERIES = 2000;

function freshModel(): ClusterModel {
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

export function benchPolicy(log: (line: string) => void): Row[] {
  const probe = freshModel();
  const qs = queries(probe, QUERIES);
  log(
    `policy: ${probe.pods.size} pods, ${probe.namespaces.size} namespaces, ${probe.networkPolicies.length} NetworkPolicies, ${probe.adminPolicies.length} ANP, baseline ${probe.baselinePolicy ? 'yes' : 'no'}`,
  );
  // Same answers first: a fast wrong answer is not a result.
  for (const q of qs) {
    const ours = evaluateConnection(
      probe,
      { type: 'pod', pod: probe.pods.get(q.from)! },
      { type: 'pod', pod: probe.pods.get(q.to)! },
      q.protocol,
      q.port,
    ).allowed;
    if (ours !== naiveEvaluate(probe, q.from, q.to, q.protocol, q.port))
      throw new Error(`evaluators disagree on ${JSON.stringify(q)}`);
  }
  const oursReach = computeReach(probe, { granularity: 'workload' });
  if (JSON.stringify(oursReach) !== JSON.stringify(naiveReach(probe)))
    throw new Error('reach results differ from the baseline');
  log(`policy: answers agree on ${qs.length} connections and ${oursReach.pairs.length} reach pairs`);

  // A fresh model per run on both sides, so the engine's memoised selections do not carry over.
  const evalOurs = measure(freshModel, (m) => {
    for (const q of qs)
      evaluateConnection(
        m,
        { type: 'pod', pod: m.pods.get(q.from)! },
        { type: 'pod', pod: m.pods.get(q.to)! },
        q.protocol,
        q.port,
      );
  });
  const evalNaive = measure(freshModel, (m) => {
    for (const q of qs) naiveEvaluate(m, q.from, q.to, q.protocol, q.port);
  });
  const reachOurs = measure(freshModel, (m) => computeReach(m, { granularity: 'workload' }));
  // The naive reach is quadratic: three timed runs keep `npm run bench` short.
  const reachNaive = measure(freshModel, (m) => naiveReach(m), 3);
  return [
    { name: `evaluateConnection x${qs.length}`, ours: evalOurs, baseline: evalNaive },
    {
      name: `computeReach (workload, ${oursReach.pairs.length} pairs)`,
      ours: reachOurs,
      baseline: reachNaive,
      note: 'baseline: median of 3',
    },
  ];
}
