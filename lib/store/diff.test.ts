import { describe, expect, it } from 'vitest';
import type { KubeObject, Snapshot } from '../model/types';
import type { Finding } from '../engine/types';
import { diffFindings, diffObjects, refsOfTrace } from './diff';

const snap = (objects: KubeObject[]): Snapshot => ({
  meta: { kind: 'snapshot', title: 't' },
  settings: {},
  objects,
});
const svc = (name: string, targetPort: number, rv = '1'): KubeObject => ({
  kind: 'Service',
  metadata: { name, namespace: 'shop', resourceVersion: rv },
  spec: { ports: [{ port: 80, targetPort }] },
});

describe('diffObjects', () => {
  it('reports added, removed and changed objects with the changed fields', () => {
    const a = snap([svc('web', 8080), svc('old', 80)]);
    const b = snap([svc('web', 9090, '2'), svc('new', 80)]);
    expect(diffObjects(a, b)).toEqual([
      { change: 'added', ref: { kind: 'Service', namespace: 'shop', name: 'new' } },
      { change: 'removed', ref: { kind: 'Service', namespace: 'shop', name: 'old' } },
      {
        change: 'changed',
        ref: { kind: 'Service', namespace: 'shop', name: 'web' },
        fields: ['spec.ports[0].targetPort'],
      },
    ]);
  });

  it('ignores resourceVersion-only changes and objects the path does not touch', () => {
    expect(diffObjects(snap([svc('web', 80, '1')]), snap([svc('web', 80, '7')]))).toEqual([]);
    const touching = [{ kind: 'Service', namespace: 'shop', name: 'web' }];
    expect(
      diffObjects(snap([svc('web', 1), svc('x', 1)]), snap([svc('web', 2), svc('x', 2)]), touching),
    ).toHaveLength(1);
  });
});

describe('diffFindings', () => {
  const f = (code: Finding['code'], title: string): Finding => ({
    code,
    severity: 'error',
    title,
    detail: '',
    evidence: [],
    fix: '',
    verify: [],
  });
  it('lists findings that appeared and disappeared', () => {
    const a = [f('MTU_BLACKHOLE', 'drop at encap'), f('LB_PENDING', 'pending')];
    const b = [f('LB_PENDING', 'pending'), f('NO_READY_ENDPOINTS', 'no endpoints')];
    expect(diffFindings(a, b).map((c) => `${c.change} ${c.code}`)).toEqual([
      'disappeared MTU_BLACKHOLE',
      'appeared NO_READY_ENDPOINTS',
    ]);
  });
  it('collects the refs of hops and evidence', () => {
    const finding = {
      ...f('LB_PENDING', 'p'),
      evidence: [{ kind: 'Service', name: 'a', namespace: 'n', field: 'x', value: 'y' }],
    };
    expect(refsOfTrace({ hops: [{ refs: [{ kind: 'Pod', name: 'p' }] }], findings: [finding] })).toEqual([
      { kind: 'Pod', name: 'p' },
      { kind: 'Service', name: 'a', namespace: 'n' },
    ]);
  });
});
