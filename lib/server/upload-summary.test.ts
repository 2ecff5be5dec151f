import { describe, expect, it } from 'vitest';
import { traceRoute } from '../engine';
import { loadModel } from '../ingest';
import { getScenario, scenarioSnapshot } from '../scenarios';
import { redactSnapshot } from '../store/redact';
import { summarizeUpload } from './upload-summary';

function summaryOf(slug: string, extra: Parameters<typeof redactSnapshot>[0]['objects'] = []) {
  const snapshot = scenarioSnapshot(getScenario(slug)!);
  const { snapshot: stored, removed } = redactSnapshot({
    ...snapshot,
    objects: [...snapshot.objects, ...extra],
  });
  const model = loadModel(stored);
  return { model, summary: summarizeUpload(model, removed) };
}

describe('upload summary', () => {
  it('suggests traces from a workload (every replica), each one a trace the engine answers', () => {
    const { model, summary } = summaryOf('named-port-mismatch');
    expect(summary.traces.length).toBeGreaterThan(0);
    for (const t of summary.traces) {
      // Pods owned by a ReplicaSet of a Deployment are named by the Deployment.
      expect(t.from).toMatch(/^(deploy|sts|ds|rs|job):|^pod:/);
      const result = traceRoute(model, t);
      expect(result.hops.length).toBeGreaterThan(0);
    }
    expect(summary.traces.some((t) => t.from.startsWith('deploy:'))).toBe(true);
    expect(summary.traces.every((t) => !/-[a-z0-9]{5}\b/.test(t.label.split(' → ')[0]!))).toBe(true);
  });

  it('says what redaction removed by kind of value, not all of it as secrets', () => {
    const { summary } = summaryOf('named-port-mismatch', [
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'db-password', namespace: 'shop' },
        data: { password: 'aHVudGVyMg==' },
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'app-settings',
          namespace: 'shop',
          annotations: { 'team.example/owner': 'payments' },
        },
        data: { LOG_LEVEL: 'debug' },
      },
    ]);
    expect(summary.removed.objects).toBeGreaterThanOrEqual(2);
    const what = summary.removed.what.join(', ');
    expect(what).toMatch(/\b1 whole Secret object\b/);
    expect(what).toMatch(/\b\d+ ConfigMap keys\b/);
    expect(what).toMatch(/\b\d+ annotations\b/);
    expect(what).not.toMatch(/secret values/);
    const total = summary.removed.what.reduce((n, w) => n + Number(w.split(' ')[0]), 0);
    expect(total).toBeGreaterThanOrEqual(3);
  });
});
