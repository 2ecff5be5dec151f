// `npx tsx bench/trace.ts`: traceRoute on a 5,000-pod synthetic snapshot against a
// naive baseline that answers the same lookups by scanning every pod, Service and
// EndpointSlice for each query. Prints medians and the ratio; checks first that both
// pick the same backend. Not a test: timings vary.

import { traceRoute } from '../lib/engine/trace';
import { loadModel } from '../lib/ingest';
import type { ClusterModel, EndpointSlice, Pod, Service } from '../lib/model/types';
import { generateCluster, prng } from './generate';

const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const QUERIES = 500;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => unknown): number {
  const runs: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const start = performance.now();
    fn();
    runs.push(performance.now() - start);
  }
  return median(runs);
}

/** The lookups one pod → Service trace needs, each answered by a full scan. */
function naiveTrace(model: ClusterModel, fromKey: string, svcKey: string): string | undefined {
  const pods: Pod[] = [...model.pods.values()];
  const services: Service[] = [...model.services.values()];
  const slices: EndpointSlice[] = [...model.endpointSlices];
  const from = pods.find((p) => p.key === fromKey);
  const svc = services.find((s) => s.key === svcKey);
  if (!from || !svc) return undefined;
  const mine = slices.filter((s) => s.namespace === svc.namespace && s.serviceName === svc.name);
  const ready = mine.flatMap((s) => s.endpoints.filter((e) => e.ready));
  const backends = ready.map((e) => pods.find((p) => p.ips.includes(e.addresses[0] ?? ''))).filter((p): p is Pod => p !== undefined);
  const selected = pods.filter((p) => p.namespace === svc.namespace && Object.entries(svc.selector ?? {}).every(([k, v]) => p.labels[k] === v));
  const policies = model.networkPolicies.filter((np) => np.namespace === from.namespace || backends.some((b) => b.namespace === np.namespace));
  void selected;
  void policies;
  const sorted = backends.sort((a, b) => a.key.localeCompare(b.key));
  return (sorted.find((b) => b.nodeName !== from.nodeName) ?? sorted[0])?.key;
}

const model = loadModel(generateCluster());
const rand = prng(11);
const podKeys = [...model.pods.keys()];
const svcKeys = [...model.services.keys()].filter((k) => (model.index.slicesByService.get(k) ?? []).some((s) => s.endpoints.some((e) => e.ready)));
const qs = Array.from({ length: QUERIES }, () => ({ from: podKeys[Math.floor(rand() * podKeys.length)]!, svc: svcKeys[Math.floor(rand() * svcKeys.length)]! }));
process.stdout.write(`synthetic cluster: ${model.pods.size} pods, ${model.services.size} Services, ${model.endpointSlices.length} EndpointSlices; ${QUERIES} pod → Service traces; median of ${REPEAT} runs\n`);

let agree = 0;
for (const q of qs) {
  const r = traceRoute(model, { from: `pod:${q.from}`, to: `svc:${q.svc}` });
  const chosen = r.hops.find((h) => h.kind === 'service')?.branches?.find((b) => b.chosen)?.label;
  if (chosen !== undefined && chosen !== naiveTrace(model, q.from, q.svc)) throw new Error(`backends differ for ${JSON.stringify(q)}: ${chosen}`);
  agree++;
}
process.stdout.write(`answers agree: ${agree} traces\n`);
const ours = time(() => qs.forEach((q) => traceRoute(model, { from: `pod:${q.from}`, to: `svc:${q.svc}` })));
const naive = time(() => qs.forEach((q) => naiveTrace(model, q.from, q.svc)));
process.stdout.write(`traceRoute x${QUERIES} (full trace, policies, findings) ${ours.toFixed(1)} ms (${(ours / QUERIES).toFixed(3)} ms/trace)\n`);
process.stdout.write(`naive lookups only x${QUERIES}                      ${naive.toFixed(1)} ms (${(naive / QUERIES).toFixed(3)} ms/query)\n`);
process.stdout.write(`ratio naive / traceRoute: ${(naive / ours).toFixed(1)}x\n`);
