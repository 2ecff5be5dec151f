// "Try the fix" on every built-in scenario: wherever a finding's fix is an object change,
// laying it over the snapshot makes that finding go away on the same trace. (It may show
// the next problem: eTP Local on a node without a local endpoint drops, and says so.)

import { describe, expect, it } from 'vitest';
import { applyChanges, loadModel } from '../../ingest';
import { scenarios, scenarioSnapshot } from '../../scenarios';
import { traceRoute } from '../trace';
import { fixChanges } from './fix-changes';

const tried = new Set<string>();

describe('fixChanges', () => {
  for (const scenario of scenarios.filter((s) => s.slug !== 'large-cluster')) {
    it(`${scenario.slug}: each object fix removes its finding`, () => {
      const snapshot = scenarioSnapshot(scenario);
      const model = loadModel(snapshot);
      for (const query of scenario.queries) {
        const before = traceRoute(model, query);
        for (const finding of before.findings) {
          const fix = fixChanges(model, finding, before);
          if (!fix) continue;
          tried.add(finding.code);
          expect(fix.apply.length).toBeGreaterThan(0);
          const after = traceRoute(
            loadModel(applyChanges(snapshot, { apply: fix.apply, delete: [] }).snapshot),
            query,
          );
          expect(
            after.findings.map((f) => f.code),
            `${query.label}: ${finding.code}`,
          ).not.toContain(finding.code);
        }
      }
    });
  }

  it('covers the fixes that are object changes in the built-in scenarios', () => {
    expect([...tried].sort()).toEqual(
      expect.arrayContaining([
        'CLIENT_IP_LOST_ETP_CLUSTER',
        'DNS_BLOCKED_BY_DEFAULT_DENY',
        'IPVS_STRICT_ARP_REQUIRED',
        'METALLB_NOT_ADVERTISED',
        'POLICY_EGRESS_DENIED',
      ]),
    );
  });
});
