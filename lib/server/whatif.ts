// `POST /api/whatif`: a source with changes laid over it, and what the changes do: the
// trace before and after (when a query is given), the reach diff and the lint diff.
// Every part is computed by the same engine functions as the CLI's `--with` / `--without`.

import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import { diffLint, diffReach, lintModel, traceRoute } from '../engine';
import { lintOf } from './lint-cache';
import type { ReachDiff, LintDiff } from '../engine';
import type { TraceQuery, TraceResult, WhatIfSummary } from '../engine/types';
import { apiGroup, applyChanges, changeLabel, kubectlScript, loadModel, type Changes } from '../ingest';
import type { ClusterModel, KubeObject, Snapshot } from '../model/types';
import { getSource } from './index';
import { boundedReach, reachOf } from './reach-cache';
import { redactObject } from '../store/redact';

export interface WhatIfAnswer {
  readonly trace?: { readonly before: TraceResult; readonly after: TraceResult };
  readonly reach: ReachDiff;
  readonly lint: LintDiff;
  readonly whatIf: WhatIfSummary;
  /** The changes as a unified diff of the objects' YAML (base → changed). */
  readonly diff: string;
  /** The changes as a `kubectl delete` / `kubectl apply -f -` script. */
  readonly script: string;
}

// Both sides as the store would keep them: a live base holds env values and Secrets.
const yamlOf = (o: KubeObject | undefined) => {
  const shown = o && redactObject(o);
  return shown ? stringify(shown, { lineWidth: 0 }) : '';
};
const sameObject = (a: KubeObject, b: KubeObject) =>
  a.kind === b.kind &&
  apiGroup(a.apiVersion) === apiGroup(b.apiVersion) &&
  a.metadata.name === b.metadata.name &&
  (a.metadata.namespace ?? 'default') === (b.metadata.namespace ?? 'default');

/** One file per object in the diff, named `Kind namespace/name`, as `git diff` shows a change. */
export function changesDiff(base: Snapshot, changes: Changes, changed: Snapshot): string {
  const parts: string[] = [];
  for (const d of changes.delete) {
    const label = changeLabel(d.kind, d.namespace, d.name);
    const before = base.objects.find(
      (o) =>
        o.kind === d.kind &&
        o.metadata.name === d.name &&
        (o.metadata.namespace ?? 'default') === (d.namespace ?? 'default'),
    );
    parts.push(createTwoFilesPatch(label, '/dev/null', yamlOf(before), ''));
  }
  for (const o of changes.apply) {
    const label = changeLabel(o.kind, o.metadata.namespace, o.metadata.name ?? '');
    const before = base.objects.find((b) => sameObject(b, o));
    const after = changed.objects.find((c) => sameObject(c, o));
    parts.push(createTwoFilesPatch(before ? label : '/dev/null', label, yamlOf(before), yamlOf(after)));
  }
  return parts.join('');
}

/** The snapshot with the changes laid over it, marked as a what-if in its meta (banners say so). */
export function whatIfSnapshot(
  base: Snapshot,
  changes: Changes,
): { snapshot: Snapshot; whatIf: WhatIfSummary } {
  const { snapshot, applied, removed } = applyChanges(base, changes);
  const whatIf = { applied, removed };
  return { snapshot: { ...snapshot, meta: { ...snapshot.meta, whatIf } }, whatIf };
}

const REACH = { granularity: 'workload' } as const;

export async function runWhatIf(input: {
  source: string;
  changes: Changes;
  query?: TraceQuery;
}): Promise<WhatIfAnswer> {
  const loaded = await getSource(input.source);
  const { snapshot, whatIf } = whatIfSnapshot(loaded.snapshot, input.changes);
  const after: ClusterModel = loadModel(snapshot);
  const diff = changesDiff(loaded.snapshot, input.changes, snapshot);
  return {
    ...(input.query
      ? { trace: { before: traceRoute(loaded.model, input.query), after: traceRoute(after, input.query) } }
      : {}),
    // The base reach comes from the source's cache; only the changed state is computed.
    reach: diffReach(await reachOf(loaded, REACH), boundedReach(after, REACH)),
    lint: diffLint(lintOf(loaded.model), lintModel(after)),
    whatIf,
    diff,
    script: kubectlScript(input.changes),
  };
}
