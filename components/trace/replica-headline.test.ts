import { describe, expect, it } from 'vitest';
import type { ReplicaOutcome } from 'lib/engine/types';
import { tailOf } from 'components/ui/middle-truncate';
import { replicaHeadline } from './replica-headline';

const r = (node: string, verdict: ReplicaOutcome['verdict'], culpritKind?: ReplicaOutcome['culpritKind']) =>
  ({
    pod: `shop/web-${node}`,
    node,
    verdict,
    culprit: culpritKind ? 'h6' : null,
    codes: culpritKind ? ['MTU_BLACKHOLE'] : [],
    summary: verdict,
    ...(culpritKind ? { culpritKind } : {}),
  }) as ReplicaOutcome;

describe('replicaHeadline', () => {
  it('says the worst verdict first, where, and on which nodes, then the others', () => {
    expect(
      replicaHeadline([
        r('worker-1', 'dropped', 'encap'),
        r('worker-2', 'delivered'),
        r('worker-3', 'dropped', 'encap'),
      ]),
    ).toBe('2 of 3 replicas dropped at the encapsulation — worker-1, worker-3; 1 delivered — worker-2');
    expect(replicaHeadline([r('worker-2', 'delivered')])).toBe('1 of 1 replica delivered — worker-2');
  });
});

describe('middle truncation', () => {
  it('keeps the last name part (the pod suffix) whole', () => {
    const name = 'web-lrrfkqw6p-m5dft';
    expect(name.slice(name.length - tailOf(name))).toBe('-m5dft');
    expect(tailOf('kube-system/coredns')).toBe('/coredns'.length);
    expect(tailOf('abcdefghijklmnopqrstuvwxyz')).toBe(8);
  });
});
