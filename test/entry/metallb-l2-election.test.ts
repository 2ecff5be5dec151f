// MetalLB L2 election, as metallb/metallb speaker/layer2_controller.go ShouldAnnounce does
// it: with externalTrafficPolicy Local only nodes with a ready endpoint are eligible
// (nodesWithEndpoint); the eligible nodes are sorted by sha256(node + "#" + ip) and the
// first one announces. A ServiceL2Status naming a node that is not eligible (a what-if
// that switched the Service to Local) does not decide who answers ARP.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { traceRoute } from '../../lib/engine';
import { l2Winner } from '../../lib/engine/trace/load-balancer';
import { fixChanges } from '../../lib/engine/whatif/fix-changes';
import { applyChanges, loadModel } from '../../lib/ingest';
import { getScenario, scenarioSnapshot } from '../../lib/scenarios';

const byHash = (nodes: string[], ip: string) =>
  [...nodes].sort((a, b) =>
    Buffer.compare(
      createHash('sha256').update(`${a}#${ip}`).digest(),
      createHash('sha256').update(`${b}#${ip}`).digest(),
    ),
  )[0];

describe('MetalLB L2 election', () => {
  it('picks the first node by sha256(node#ip), as the speaker does', () => {
    const nodes = ['worker-1', 'worker-2', 'worker-3', 'worker-4'];
    for (const ip of ['192.168.1.240', '192.168.1.241', '10.0.0.7'])
      expect(l2Winner(nodes, ip)).toBe(byHash(nodes, ip));
  });

  it('after switching a Service to eTP Local in a what-if, a node with a local endpoint answers, not the stale status node', () => {
    const scenario = getScenario('client-ip-lost-etp-cluster')!;
    const snapshot = scenarioSnapshot(scenario);
    const model = loadModel(snapshot);
    const query = scenario.queries[0]!;
    const before = traceRoute(model, query);
    const finding = before.findings.find((f) => f.code === 'CLIENT_IP_LOST_ETP_CLUSTER')!;
    const fix = fixChanges(model, finding, before)!;
    const after = traceRoute(
      loadModel(applyChanges(snapshot, { apply: fix.apply, delete: [] }).snapshot),
      query,
    );
    const lb = after.hops.find((h) => h.kind === 'load-balancer')!;
    const controllerNodes = [...model.pods.values()]
      .filter((p) => p.namespace === 'ingress-nginx' && p.ready)
      .map((p) => p.nodeName!);
    const receiving = lb.facts!['receiving node']!;
    expect(controllerNodes.some((n) => receiving.startsWith(n))).toBe(true);
    expect(receiving).toContain('not eligible');
    expect(after.findings.map((f) => f.code)).not.toContain('ETP_LOCAL_NO_LOCAL_ENDPOINT');
    expect(after.findings.map((f) => f.code)).not.toContain('CLIENT_IP_LOST_ETP_CLUSTER');
  });
});
