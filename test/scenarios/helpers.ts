// Shared helpers of the scenario tests: one model per scenario, traces by query label.

import { traceRoute } from 'lib/engine/trace';
import type {
  Finding,
  FindingCode,
  Hop,
  HopKind,
  LintResult,
  TraceQuery,
  TraceResult,
} from 'lib/engine/types';
import { loadModel } from 'lib/ingest';
import type { ClusterModel } from 'lib/model/types';
import { getScenario, scenarioSnapshot } from 'lib/scenarios';

const models = new Map<string, ClusterModel>();

export function modelOf(slug: string): ClusterModel {
  let m = models.get(slug);
  if (!m) {
    const s = getScenario(slug);
    if (!s) throw new Error(`no scenario ${slug}`);
    m = loadModel(scenarioSnapshot(s));
    models.set(slug, m);
  }
  return m;
}

/** Traces the scenario's query number `index` (in the order the scenario lists them). */
export function trace(slug: string, index = 0): TraceResult {
  const q = getScenario(slug)?.queries[index];
  if (!q) throw new Error(`${slug} has no query ${index}`);
  return traceRoute(modelOf(slug), q);
}

/** Traces an ad-hoc query against a scenario's model. */
export function traceQuery(slug: string, query: TraceQuery): TraceResult {
  return traceRoute(modelOf(slug), query);
}

/** Snapshot-wide findings (the lint module is loaded on first use). */
export async function lint(slug: string): Promise<LintResult> {
  const { lintModel } = await import('lib/engine');
  return lintModel(modelOf(slug));
}

export function kinds(r: TraceResult): HopKind[] {
  return r.hops.map((h) => h.kind);
}

export function codes(findings: readonly Finding[]): FindingCode[] {
  return [...new Set(findings.map((f) => f.code))].sort();
}

export function findingOf(r: { findings: readonly Finding[] }, code: FindingCode): Finding | undefined {
  return r.findings.find((f) => f.code === code);
}

export function hopOf(r: TraceResult, id: string | undefined): Hop | undefined {
  return r.hops.find((h) => h.id === id);
}

export function hopsOfKind(r: TraceResult, kind: HopKind): Hop[] {
  return r.hops.filter((h) => h.kind === kind);
}

/** True when `wanted` appears in `list` in this order (other items may sit between). */
export function inOrder(list: readonly string[], wanted: readonly string[]): boolean {
  let i = 0;
  for (const x of list) if (x === wanted[i]) i++;
  return i === wanted.length;
}
