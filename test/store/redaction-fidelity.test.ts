// Redaction must not change what a shared link shows: for every built-in scenario and
// every one of its queries, the trace of the redacted snapshot equals the original's.

import { describe, expect, it } from 'vitest';
import { traceRoute } from '../../lib/engine';
import { loadModel } from '../../lib/ingest';
import { scenarios, scenarioSnapshot } from '../../lib/scenarios';
import { redactSnapshot } from '../../lib/store/redact';
import { buildTour, scenarioIntro } from '../../lib/tours';

type Models = { original: ReturnType<typeof loadModel>; redacted: ReturnType<typeof loadModel> };
const models = new Map<string, Models>();
function modelsOf(scenario: (typeof scenarios)[number]): Models {
  let m = models.get(scenario.slug);
  if (!m) {
    const original = scenarioSnapshot(scenario);
    m = { original: loadModel(original), redacted: loadModel(redactSnapshot(original).snapshot) };
    models.set(scenario.slug, m);
  }
  return m;
}

const cases = scenarios.flatMap((s) =>
  s.queries.map((q, i) => ({ name: `${s.slug} #${i + 1} (${q.label})`, scenario: s, query: q })),
);

describe('redaction keeps every trace unchanged', () => {
  it.each(cases)('$name', ({ scenario, query }) => {
    const { original, redacted } = modelsOf(scenario);
    const { label: _label, ...q } = query;
    expect(traceRoute(redacted, q)).toEqual(traceRoute(original, q));
  });
});

describe('scenario tours', () => {
  it.each(cases)('$name has a step per hop', ({ scenario, query }) => {
    const { label: _label, ...q } = query;
    const trace = traceRoute(modelsOf(scenario).original, q);
    const tour = buildTour(trace, scenarioIntro(scenario, q));
    // An intro, the hops, at most one fix step after the culprit hop, and a summary.
    expect(tour.steps.filter((s) => s.type === 'hop')).toHaveLength(trace.hops.length);
    expect(tour.steps.filter((s) => s.type === 'fix').length).toBeLessThanOrEqual(1);
    expect(tour.steps).toHaveLength(
      trace.hops.length + 2 + tour.steps.filter((s) => s.type === 'fix').length,
    );
    expect(tour.steps[0]?.title).toBe(scenario.title);
  });
});
