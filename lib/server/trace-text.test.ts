// The trace API's answers are remembered per model (trace-text.ts): the same question of
// the same model answers the same text without tracing again; another model, or another
// query or replica, has its own answer.

import { describe, expect, it } from 'vitest';
import { loadModel } from '../ingest';
import { getScenario } from '../scenarios';
import { formatTrace, traceRoute } from '../engine';
import { getSource } from './index';
import { rememberedTraces, traceText } from './trace-text';

/** A model of its own (built here, not the source cache's) and the scenario's first query. */
async function scenarioModel(slug: string) {
  const { snapshot } = await getSource(`scenario:${slug}`);
  const { label: _label, ...query } = getScenario(slug)!.queries[0]!;
  return { model: loadModel(snapshot), query };
}

describe('trace answer memo', () => {
  it('answers a repeated question from memory, with the text a fresh trace gives', async () => {
    const { model, query } = await scenarioModel('default-deny-breaks-dns');
    const fresh = formatTrace(traceRoute(model, query), 'json');
    expect(rememberedTraces(model)).toBe(0);
    expect(traceText(model, query)).toBe(fresh);
    expect(rememberedTraces(model)).toBe(1);
    expect(traceText(model, query)).toBe(fresh);
    expect(rememberedTraces(model)).toBe(1);
    // Another query is another answer.
    const other = { ...query, port: 9153 };
    expect(traceText(model, other)).toBe(formatTrace(traceRoute(model, other), 'json'));
    expect(rememberedTraces(model)).toBe(2);
  });

  it('keeps each model its own answers', async () => {
    const a = await scenarioModel('default-deny-breaks-dns');
    const b = await scenarioModel('default-deny-breaks-dns');
    traceText(a.model, a.query);
    expect(rememberedTraces(a.model)).toBe(1);
    expect(rememberedTraces(b.model)).toBe(0);
  });
});
