// Trace benchmarks on the seeded 5,000-pod synthetic snapshot. Compared: the engine's
// pod → Service backend choice (chooseBackend, the function the service hop runs, on the
// model's indexes) against a baseline that answers the same question by scanning every
// Service, EndpointSlice and pod; both must pick the same backend for every query before
// timing. The full traceRoute (all hops, policies, findings) has no baseline and is
// printed as an absolute figure. `npx tsx bench/trace.ts` runs only this part.

import { fileURLToPath } from 'node:url';
import { traceRoute } from '../lib/engine/trace';
import { chooseBackend, pickServicePort } from '../lib/engine/trace/service-hop';
import { loadModel } from '../lib/ingest';
import type { ClusterModel, Pod } from '../lib/model/types';
import { generateCluster, prng } from './generate';
import type { Row } from './harness';
import { formatRow, header, measure } from './harness';

const QUERIES = 500;

/** The backend a pod → Service trace follows, found by full scans (same rule as the engine). */
function naiveBackend(model: ClusterModel, fromKey: string, svcKey: string): string | undefined {
  const pods: Pod[] = [...model.pods.values()];
  const from = pods.find((p) => p.key === fromKey);
  const svc = [...model.services.values()].find((s) => s.key === svcKey);
  if (!from || !svc) return undefined;
  const ready = model.endpointSlices
    .filter((s) => s.namespace === svc.namespace && s.serviceName === svc.name)
    .flatMap((s) => s.endpoints.filter((e) => e.ready));
  const backends = ready
    .map((e) => pods.find((p) => p.ips.includes(e.addresses[0] ?? '')))
    .filter((p): p is Pod => p !== undefined);
  const sorted = backends.sort((a, b) => a.key.localeCompare(b.key));
  return (sorted.find((b) => b.nodeName !== from.nodeName) ?? sorted[0])?.key;
}

function oursBackend(model: ClusterModel, fromKey: string, svcKey: string): string | undefined {
  const from = model.pods.get(fromKey);
  const svc = model.services.get(svcKey);
  const port = svc && pickServicePort(svc, undefined, 'TCP');
  if (!from || !svc || !port) return undefined;
  const b = chooseBackend(model, svc, port, { node: from.nodeName, external: false }).chosen;
  return b?.pod?.key ?? b?.ip;
}

export function benchTrace(log: (line: string) => void): Row[] {
  const model = loadModel(generateCluster());
  const rand = prng(11);
  const podKeys = [...model.pods.keys()];
  const svcKeys = [...model.services.keys()].filter((k) =>
    (model.index.slicesByService.get(k) ?? []).some((s) => s.endpoints.some((e) => e.ready)),
  );
  const qs = Array.from({ length: QUERIES }, () => ({
    from: podKeys[Math.floor(rand() * podKeys.length)]!,
    svc: svcKeys[Math.floor(rand() * svcKeys.length)]!,
  }));
  log(
    `trace: ${model.pods.size} pods, ${model.services.size} Services, ${model.endpointSlices.length} EndpointSlices; ${QUERIES} pod → Service queries`,
  );

  for (const q of qs) {
    const ours = oursBackend(model, q.from, q.svc);
    const naive = naiveBackend(model, q.from, q.svc);
    if (ours === undefined || ours !== naive)
      throw new Error(`backends differ for ${JSON.stringify(q)}: ours ${ours}, baseline ${naive}`);
    // The full trace follows the same backend.
    const r = traceRoute(model, { from: `pod:${q.from}`, to: `svc:${q.svc}` });
    const followed = r.hops.find((h) => h.kind === 'service')?.branches?.find((b) => b.chosen)?.label;
    if (followed !== ours)
      throw new Error(`traceRoute follows ${followed}, chooseBackend ${ours} for ${JSON.stringify(q)}`);
  }
  log(
    `trace: answers agree on ${qs.length} queries (chooseBackend, baseline and traceRoute pick the same backend)`,
  );

  const same = () => model;
  const oursMs = measure(same, (m) => qs.forEach((q) => oursBackend(m, q.from, q.svc)));
  const naiveMs = measure(same, (m) => qs.forEach((q) => naiveBackend(m, q.from, q.svc)));
  const fullMs = measure(same, (m) =>
    qs.forEach((q) => traceRoute(m, { from: `pod:${q.from}`, to: `svc:${q.svc}` })),
  );
  return [
    { name: `pod → Service backend choice x${QUERIES}`, ours: oursMs, baseline: naiveMs },
    {
      name: `traceRoute pod → Service x${QUERIES} (full)`,
      ours: fullMs,
      note: `${(fullMs / QUERIES).toFixed(3)} ms/trace, no baseline`,
    },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = benchTrace((l) => process.stdout.write(`${l}\n`));
  process.stdout.write(`\n${header()}${rows.map(formatRow).join('')}`);
}
