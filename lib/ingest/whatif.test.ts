// The what-if overlay: changes as `kubectl apply` / `kubectl delete` make them
// (shared/contracts/cli.md, second edition: replace by API group, kind, namespace and
// name; an object named in --without that is not in the input is refused).

import { describe, expect, it } from 'vitest';
import { computeReach, diffLint, diffReach, lintModel, traceRoute } from '../engine';
import { allowDns } from '../scenarios/build/policy';
import { getScenario, scenarioSnapshot } from '../scenarios';
import { IngestError } from './errors';
import { loadModel } from './load-model';
import { applyChanges, parseDeleteRef } from './whatif';
import type { KubeObject } from '../model/types';

const REACH = { granularity: 'workload' } as const;
const broken = scenarioSnapshot(getScenario('default-deny-breaks-dns')!);
const dnsQuery = getScenario('default-deny-breaks-dns')!.queries[0]!;

const configMap = (name: string, namespace?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...(namespace ? { namespace } : {}) },
  data: { a: '1' },
});

describe('applyChanges', () => {
  it('refuses an applied object whose apiVersion, metadata or namespace has the wrong type, naming the change (found by fuzzing)', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...configMap('a'), apiVersion: { x: 1 } }, 'apiVersion'],
      [{ ...configMap('a'), apiVersion: 7 }, 'apiVersion'],
      [{ apiVersion: 'v1', kind: 'ConfigMap' }, 'metadata'],
      [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: ['a'] }, 'metadata'],
      [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 3 } }, 'metadata.namespace'],
    ];
    for (const [object, field] of cases) {
      let err: unknown;
      try {
        applyChanges(broken, { apply: [object as unknown as KubeObject], delete: [] });
      } catch (e) {
        err = e;
      }
      expect(err, field).toBeInstanceOf(IngestError);
      expect((err as Error).message).toContain(`changes.apply[0]`);
      expect((err as Error).message).toContain(field);
    }
  });

  it('applying the fix of default-deny-breaks-dns gives the same verdicts as the fixed scenario', () => {
    const { snapshot, applied, removed } = applyChanges(broken, { apply: [allowDns('shop')], delete: [] });
    expect(applied).toEqual(['NetworkPolicy shop/allow-dns']);
    expect(removed).toEqual([]);
    const fixed = loadModel(scenarioSnapshot(getScenario('default-deny-allow-dns')!));
    const after = loadModel(snapshot);
    expect(traceRoute(after, dnsQuery).verdict).toBe('delivered');
    expect(traceRoute(after, dnsQuery).verdict).toBe(traceRoute(fixed, dnsQuery).verdict);
    expect(traceRoute(loadModel(broken), dnsQuery).verdict).toBe('dropped');
  });

  it('never mutates the base snapshot', () => {
    const before = JSON.stringify(broken);
    applyChanges(broken, {
      apply: [allowDns('shop')],
      delete: [{ kind: 'NetworkPolicy', namespace: 'shop', name: 'default-deny-all' }],
    });
    expect(JSON.stringify(broken)).toBe(before);
  });

  it('replaces an object of the same group, kind, namespace and name in place, keeping input order', () => {
    const base = { ...broken, objects: [configMap('a', 'x'), configMap('b', 'x')] };
    const replacement = { ...configMap('a', 'x'), data: { a: '2' } };
    const { snapshot } = applyChanges(base, { apply: [replacement], delete: [] });
    expect(snapshot.objects).toHaveLength(2);
    expect(snapshot.objects[0]).toBe(replacement);
  });

  it('keeps the status of a replaced object, as kubectl apply never writes status', () => {
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', namespace: 'x' },
      spec: { type: 'LoadBalancer' },
      status: { loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } },
    } as KubeObject;
    const base = { ...broken, objects: [svc] };
    const { snapshot } = applyChanges(base, {
      apply: [
        {
          ...svc,
          spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local' },
          status: undefined,
        } as unknown as KubeObject,
      ],
      delete: [],
    });
    expect((snapshot.objects[0] as { status?: unknown }).status).toEqual(svc.status);
    const stated = { ...svc, status: { loadBalancer: {} } } as KubeObject;
    expect(
      (applyChanges(base, { apply: [stated], delete: [] }).snapshot.objects[0] as { status?: unknown })
        .status,
    ).toEqual({ loadBalancer: {} });
  });

  it('treats a namespaced object without a namespace as in "default", as kubectl does', () => {
    const base = { ...broken, objects: [configMap('a', 'default')] };
    const { snapshot } = applyChanges(base, { apply: [configMap('a')], delete: [] });
    expect(snapshot.objects).toHaveLength(1);
  });

  it('keeps objects of another API group with the same kind and name apart', () => {
    const k8s = allowDns('shop');
    const calico: KubeObject = {
      apiVersion: 'projectcalico.org/v3',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-dns', namespace: 'shop' },
      spec: { selector: 'all()' },
    };
    const base = { ...broken, objects: [k8s] };
    const { snapshot } = applyChanges(base, { apply: [calico], delete: [] });
    expect(snapshot.objects).toHaveLength(2);
  });

  it('refuses to delete an object that is not in the snapshot, naming the change', () => {
    expect(() =>
      applyChanges(broken, {
        apply: [],
        delete: [{ kind: 'NetworkPolicy', namespace: 'shop', name: 'nope' }],
      }),
    ).toThrow(/changes\.delete\[0\]: NetworkPolicy shop\/nope is not in the snapshot/);
  });

  it('refuses an applied object with a bad field, naming the change and the field', () => {
    const bad = {
      ...allowDns('shop'),
      spec: { podSelector: { matchLabels: ['x'] } },
    } as unknown as KubeObject;
    let error: unknown;
    try {
      applyChanges(broken, { apply: [bad], delete: [] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).message).toMatch(/^changes\.apply\[0\]\.spec\.podSelector\.matchLabels: /);
  });

  it('parses --without KIND/NAMESPACE/NAME and KIND/NAME', () => {
    expect(parseDeleteRef('NetworkPolicy/shop/default-deny-all')).toEqual({
      kind: 'NetworkPolicy',
      namespace: 'shop',
      name: 'default-deny-all',
    });
    expect(parseDeleteRef('Node/worker-1')).toEqual({ kind: 'Node', name: 'worker-1' });
    expect(parseDeleteRef('Node')).toBeUndefined();
    expect(parseDeleteRef('a/b/c/d')).toBeUndefined();
    expect(parseDeleteRef('a//c')).toBeUndefined();
  });
});

describe('reach and lint diffs', () => {
  it('allowing DNS adds the DNS pairs, removes nothing, and resolves DNS_BLOCKED_BY_DEFAULT_DENY', () => {
    const before = loadModel(broken);
    const after = loadModel(applyChanges(broken, { apply: [allowDns('shop')], delete: [] }).snapshot);
    const diff = diffReach(computeReach(before, REACH), computeReach(after, REACH));
    expect(diff.removed).toEqual([]);
    const opened = [...diff.added, ...diff.changed.map((c) => ({ from: c.from, to: c.to, conn: c.after }))];
    expect(opened.length).toBeGreaterThan(0);
    for (const p of opened) {
      expect(p.from.startsWith('shop/')).toBe(true);
      expect(p.to).toMatch(/^kube-system\/coredns/);
      expect(p.conn).toMatch(/53/);
    }
    const lint = diffLint(lintModel(before), lintModel(after));
    expect(lint.resolved.map((f) => f.code)).toContain('DNS_BLOCKED_BY_DEFAULT_DENY');
    expect(lint.introduced).toEqual([]);
  });

  it('an empty change has an empty diff', () => {
    const model = loadModel(broken);
    const reach = computeReach(model, REACH);
    expect(diffReach(reach, reach)).toEqual({ added: [], removed: [], changed: [] });
    const lint = lintModel(model);
    expect(diffLint(lint, lint)).toEqual({ resolved: [], introduced: [] });
  });

  it('a pair whose connections change is "changed" with before and after', () => {
    const d = diffReach(
      {
        pairs: [
          { from: 'a', to: 'b', conn: 'TCP 80' },
          { from: 'a', to: 'c', conn: 'All Connections' },
        ],
      },
      {
        pairs: [
          { from: 'a', to: 'b', conn: 'TCP 80,443' },
          { from: 'x', to: 'y', conn: 'UDP 53' },
        ],
      },
    );
    expect(d).toEqual({
      added: [{ from: 'x', to: 'y', conn: 'UDP 53' }],
      removed: [{ from: 'a', to: 'c', conn: 'All Connections' }],
      changed: [{ from: 'a', to: 'b', before: 'TCP 80', after: 'TCP 80,443' }],
    });
  });
});

describe('kubectlScript', () => {
  it('deletes first, then applies every object in one heredoc', async () => {
    const { kubectlScript } = await import('./whatif');
    const script = kubectlScript({
      apply: [allowDns('shop')],
      delete: [
        { kind: 'NetworkPolicy', namespace: 'shop', name: 'default-deny-all' },
        { kind: 'Node', name: 'worker-1' },
      ],
    });
    const lines = script.split('\n');
    expect(lines[0]).toBe('kubectl delete networkpolicy default-deny-all -n shop');
    expect(lines[1]).toBe('kubectl delete node worker-1');
    expect(lines[2]).toBe("kubectl apply -f - <<'EOF'");
    expect(script).toContain('name: allow-dns');
    expect(script.trimEnd().endsWith('EOF')).toBe(true);
  });
});
