import { describe, expect, it } from 'vitest';
import { traceRoute } from 'lib/engine';
import { loadModel } from 'lib/ingest';
import { scenarios, scenarioSnapshot } from 'lib/scenarios';
import { layoutPathGraph, placePathGraph } from './layout';
import { MAX_HOPS_PER_LANE, toPathGraph } from './path-graph';

// The first drawing of a path is placed on the page without ELK; ELK's layout (run here on
// the main thread, elk.bundled.js) replaces it when ready. Both must put every lane and node
// in the same box, or the hop the reader is looking at would jump when ELK's result lands.
describe('placePathGraph', () => {
  it('places every scenario query as ELK does, at every lane length the canvas can pick', async () => {
    let compared = 0;
    for (const scenario of scenarios) {
      const model = loadModel(scenarioSnapshot(scenario));
      for (const { label: _label, ...query } of scenario.queries) {
        const result = traceRoute(model, query);
        for (let max = MAX_HOPS_PER_LANE; max >= 2; max -= 1) {
          const graph = toPathGraph(result, max);
          const placed = placePathGraph(graph);
          const laid = await layoutPathGraph(graph);
          expect(
            { lanes: placed.lanes, nodes: placed.nodes },
            `${scenario.slug} ${query.from} → ${query.to} max ${max}`,
          ).toEqual({
            lanes: laid.lanes,
            nodes: laid.nodes,
          });
          compared += 1;
        }
      }
    }
    // Every scenario's queries were compared, not an empty list.
    expect(compared).toBeGreaterThan(scenarios.length * 5 - 1);
  });
});
