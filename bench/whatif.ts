// What-if on the 5,000-pod scenario: the overlay alone, overlay + model build + re-trace,
// and overlay + reach diff (the base reach is cached in the server, so only the changed
// state is computed). The re-trace is set beside building the base model alone: the
// overlay rebuilds the model whole, so that build is its floor until builds are incremental.
// `npx tsx bench/whatif.ts` runs only this part.

import { fileURLToPath } from 'node:url';
import { computeReach, diffReach, traceRoute } from '../lib/engine';
import { applyChanges, loadModel } from '../lib/ingest';
import { getScenario, scenarioSnapshot } from '../lib/scenarios';
import { allowDnsPolicy } from '../lib/engine/whatif/fix-changes';
import type { Row } from './harness';
import { formatRow, header, measure } from './harness';

export function benchWhatIf(log: (line: string) => void): Row[] {
  const scenario = getScenario('large-cluster')!;
  const snapshot = scenarioSnapshot(scenario);
  const base = loadModel(snapshot);
  const query = scenario.queries[0]!;
  const ns = /^pod:([^/]+)\//.exec(query.from)?.[1] ?? 'default';
  const changes = { apply: [allowDnsPolicy(ns)], delete: [] };
  const reachBase = computeReach(base, { granularity: 'workload' });
  log(`whatif: ${base.pods.size} pods; change: allow-dns in ${ns}; query ${query.from} → ${query.to}`);
  const overlay = measure(
    () => undefined,
    () => applyChanges(snapshot, changes),
  );
  const fullBuild = measure(
    () => undefined,
    () => loadModel(snapshot),
  );
  const retrace = measure(
    () => undefined,
    () => traceRoute(loadModel(applyChanges(snapshot, changes).snapshot), query),
  );
  const reachDiff = measure(
    () => undefined,
    () =>
      diffReach(
        reachBase,
        computeReach(loadModel(applyChanges(snapshot, changes).snapshot), { granularity: 'workload' }),
      ),
    3,
  );
  return [
    { name: 'what-if overlay (applyChanges), 5k pods', ours: overlay },
    {
      name: 'what-if overlay + model build + re-trace',
      ours: retrace,
      baseline: fullBuild,
      note: 'baseline: building the base model alone (the overlay rebuilds it whole)',
    },
    { name: 'what-if overlay + reach diff (workload)', ours: reachDiff },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = benchWhatIf((l) => process.stdout.write(`${l}\n`));
  process.stdout.write(`\n${header()}${rows.map(formatRow).join('')}`);
}
