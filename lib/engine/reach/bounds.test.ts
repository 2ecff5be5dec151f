// computeReach stops at its bounds: the pair limit (deterministic) and whatever the
// caller's checkpoint throws (time, memory), and answers as before within them.

import { describe, expect, it } from 'vitest';
import { loadModel } from '../../ingest';
import type { KubeObject } from '../../model/types';
import { computeReach } from './compute-reach';
import { ReachBoundError } from './bounds';

function podModel(count: number) {
  const objects = Array.from({ length: count }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p${i}`, namespace: 'a' },
    spec: { nodeName: 'n', containers: [{ name: 'c', image: 'x' }] },
    status: { phase: 'Running', podIP: `10.0.0.${i + 1}`, podIPs: [{ ip: `10.0.0.${i + 1}` }] },
  })) as unknown as KubeObject[];
  return loadModel({ meta: { kind: 'upload', title: 't' }, settings: {}, objects });
}

const model = podModel(10);

describe('reach bounds', () => {
  it('answers in full within the pair limit', () => {
    // 10 pods, no policy: 90 pod pairs and each pod to and from the whole IPv4 range.
    expect(computeReach(model, { granularity: 'pod' }, { maxPairs: 110 }).pairs).toHaveLength(110);
  });

  it('stops with a ReachBoundError past the pair limit', () => {
    const run = () => computeReach(model, { granularity: 'pod' }, { maxPairs: 109 });
    expect(run).toThrow(ReachBoundError);
    expect(run).toThrow('the reach (pod granularity) has more than 109 pairs');
  });

  it("stops when the caller's checkpoint throws", () => {
    const stop = new ReachBoundError('time', 5, 'out of time');
    let calls = 0;
    const run = () =>
      computeReach(
        podModel(200),
        { granularity: 'pod' },
        {
          maxPairs: 1e9,
          checkpoint: () => {
            calls++;
            throw stop;
          },
        },
      );
    expect(run).toThrow(stop);
    expect(calls).toBe(1);
  });
});
