// The least-privilege suggester: applied, a suggestion allows the connection and opens
// nothing else that was denied before; a reach suggestion reproduces the allowed set.
// NetworkPolicies are additive and a pod is isolated per direction once any policy
// selects it (https://kubernetes.io/docs/concepts/services-networking/network-policies/).

import { describe, expect, it } from 'vitest';
import { applyChanges, loadModel } from '../../ingest';
import { getScenario, scenarioSnapshot } from '../../scenarios';
import type { KubeObject, Snapshot } from '../../model/types';
import { computeReach } from '../reach';
import { traceRoute } from '../trace';
import { diffReach } from './diff';
import { stableLabels, suggestForReach, suggestForTrace } from './suggest';

const REACH = { granularity: 'workload' } as const;
const scenario = getScenario('default-deny-breaks-dns')!;
const base = scenarioSnapshot(scenario);
const webToDb = scenario.queries.find((q) => q.label.startsWith('web → db'))!;

const withObjects = (snapshot: Snapshot, objects: readonly KubeObject[]) =>
  applyChanges(snapshot, { apply: objects, delete: [] }).snapshot;

describe('suggestForTrace', () => {
  const model = loadModel(base);
  const trace = traceRoute(model, webToDb);
  const suggestion = suggestForTrace(model, trace);

  it('proposes an egress policy at web and an ingress policy at db, both needed under the default deny', () => {
    expect(trace.verdict).toBe('dropped');
    expect(suggestion.objects.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'shop/allow-web-to-db-5432-egress',
      'shop/allow-web-to-db-5432-ingress',
    ]);
    const [egress, ingress] = suggestion.objects as [
      KubeObject & { spec: Record<string, unknown> },
      KubeObject & { spec: Record<string, unknown> },
    ];
    expect(egress.spec).toEqual({
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } },
              podSelector: { matchLabels: { app: 'db' } },
            },
          ],
          ports: [{ protocol: 'TCP', port: 5432 }],
        },
      ],
    });
    expect(ingress.spec.policyTypes).toEqual(['Ingress']);
  });

  it('applied, delivers the connection and opens no other pair or port', () => {
    const after = loadModel(withObjects(base, suggestion.objects));
    const retraced = traceRoute(after, webToDb);
    // Still degraded by the scenario's other problem (DNS), but no policy denies it any more.
    expect(retraced.verdict).not.toBe('dropped');
    expect(
      retraced.findings.filter((f) => f.code.startsWith('POLICY_') && f.code.endsWith('_DENIED')),
    ).toEqual([]);
    const diff = diffReach(computeReach(model, REACH), computeReach(after, REACH));
    expect(diff.removed).toEqual([]);
    expect(diff.changed).toEqual([]);
    expect(diff.added).toEqual([
      {
        from: expect.stringMatching(/^shop\/web-\w+\[ReplicaSet\]$/),
        to: 'shop/db[StatefulSet]',
        conn: 'TCP 5432',
      },
    ]);
  });

  it('suggests nothing for an allowed connection, and says so', () => {
    const allowed = traceRoute(
      model,
      scenario.queries.find((q) => q.label.startsWith('web → api'))!,
    );
    const s = suggestForTrace(model, allowed);
    expect(s.objects).toEqual([]);
    expect(s.notes).toContain('The connection is already allowed; nothing to add.');
  });

  it('selects pods by their stable labels, not the per-revision hash', () => {
    const pod = [...model.pods.values()].find((p) => p.labels['pod-template-hash'])!;
    expect(Object.keys(stableLabels(pod))).not.toContain('pod-template-hash');
  });
});

describe('suggestForReach', () => {
  it('default deny plus one allow per pair reproduces the workload-to-workload reach of the scenario', () => {
    const fixed = scenarioSnapshot(getScenario('default-deny-allow-dns')!);
    const model = loadModel(fixed);
    const reach = computeReach(model, REACH);
    const suggestion = suggestForReach(model, reach);
    const withoutPolicies: Snapshot = {
      ...fixed,
      objects: fixed.objects.filter((o) => o.kind !== 'NetworkPolicy'),
    };
    const rebuilt = computeReach(loadModel(withObjects(withoutPolicies, suggestion.objects)), REACH);
    // Address ranges and nodes (host-network pods are node peers) are not policed pods.
    const isWorkload = (peer: string) =>
      /\[\w+\]$/.test(peer) && !peer.endsWith('[External]') && !peer.endsWith('[Node]');
    const podPairs = (r: typeof reach) => r.pairs.filter((p) => isWorkload(p.from) && isWorkload(p.to));
    expect(podPairs(rebuilt)).toEqual(podPairs(reach));
    expect(suggestion.notes.some((n) => n.includes('only pod-to-pod pairs'))).toBe(
      reach.pairs.length !== podPairs(reach).length,
    );
  });
});
