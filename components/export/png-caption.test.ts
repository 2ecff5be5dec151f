import { describe, expect, it } from 'vitest';
import type { Hop, TraceResult } from 'lib/engine/types';
import { captionLines } from './png-caption';

const hop = (label: string, verdict: Hop['verdict'], node?: string): Hop =>
  ({ id: label, kind: 'encap', label, verdict, findings: [], ...(node ? { node } : {}) }) as Hop;
const at = new Date('2026-12-02T07:02:31Z');

describe('captionLines', () => {
  it('names the path, the verdict with its culprit hop, the source and the time', () => {
    const result: TraceResult = {
      verdict: 'dropped',
      hops: [hop('veth of web-1', 'pass'), hop('VXLAN encapsulation', 'drop', 'worker-1')],
      findings: [],
      query: { from: 'deploy:shop/web', to: 'svc:shop/db', port: 5432 },
    };
    expect(captionLines({ result, source: 'VXLAN MTU black hole', at })).toEqual([
      'deploy:shop/web → svc:shop/db port 5432',
      'DROPPED at the VXLAN encapsulation on worker-1',
      'VXLAN MTU black hole · 2026-12-02 07:02 UTC',
    ]);
  });

  it('a degraded trace names its first warning hop; a delivered one none', () => {
    const hops = [hop('a', 'pass'), hop('Geneve encapsulation', 'warn')];
    expect(captionLines({ result: { verdict: 'degraded', hops, findings: [] }, source: 's', at })[1]).toBe(
      'DEGRADED at the Geneve encapsulation',
    );
    expect(
      captionLines({
        result: { verdict: 'delivered', hops: [hop('a', 'pass')], findings: [] },
        source: 's',
        at,
      })[1],
    ).toBe('DELIVERED');
  });
});
