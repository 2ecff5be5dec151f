// `POST /api/whatif`: a source with changes laid over it, and what the changes do: the
// trace before and after (when a query is given), the reach diff and the lint diff.
// Every part is computed by the same engine functions as the CLI's `--with` / `--without`.

import { diffLint, diffReach, lintModel, traceRoute } from '../engine';
import type { ReachDiff, LintDiff } from '../engine';
import type { TraceQuery, TraceResult, WhatIfSummary } from '../engine/types';
import { applyChanges, loadModel, type Changes } from '../ingest';
import type { ClusterModel, Snapshot } from '../model/types';
import { computeReach } from '../engine';
import { getSource } from './index';
import { reachOf } from './reach-cache';

export interface WhatIfAnswer {
  readonly trace?: { readonly before: TraceResult; readonly after: TraceResult };
  readonly reach: ReachDiff;
  readonly lint: LintDiff;
  readonly whatIf: WhatIfSummary;
}

/** The snapshot with the changes laid over it, marked as a what-if in its meta (banners say so). */
export function whatIfSnapshot(base: Snapshot, changes: Changes): { snapshot: Snapshot; whatIf: WhatIfSummary } {
  const { snapshot, applied, removed } = applyChanges(base, changes);
  const whatIf = { applied, removed };
  return { snapshot: { ...snapshot, meta: { ...snapshot.meta, whatIf } }, whatIf };
}

const REACH = { granularity: 'workload' } as const;

export async function runWhatIf(input: { source: string; changes: Changes; query?: TraceQuery }): Promise<WhatIfAnswer> {
  const loaded = await getSource(input.source);
  const { snapshot, whatIf } = whatIfSnapshot(loaded.snapshot, input.changes);
  const after: ClusterModel = loadModel(snapshot);
  return {
    ...(input.query ? { trace: { before: traceRoute(loaded.model, input.query), after: traceRoute(after, input.query) } } : {}),
    // The base reach comes from the source's cache; only the changed state is computed.
    reach: diffReach(reachOf(loaded, REACH), computeReach(after, REACH)),
    lint: diffLint(lintModel(loaded.model), lintModel(after)),
    whatIf,
  };
}
