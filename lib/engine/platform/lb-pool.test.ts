import { describe, expect, it } from 'vitest';
import { makeFinding } from '../findings/catalogue';
import { buildModel, node } from '../trace/testing/model';
import { optionalPool, suggestedPoolRange } from './lb-pool';

describe('suggestedPoolRange', () => {
  it('takes the top of the first node’s /24, so L2 ARP answers on the nodes’ own segment', () => {
    const m = buildModel({ nodes: [node('worker-2', '192.168.1.12'), node('worker-1', '192.168.1.11')] });
    expect(suggestedPoolRange(m)).toBe('192.168.1.240-192.168.1.250');
  });

  it('suggests nothing without an IPv4 node address, and the fix then says to replace the example', () => {
    const m = buildModel({ nodes: [node('worker-1', 'fd00::11')] });
    expect(optionalPool(m)).toEqual({});
    const f = makeFinding('LB_PENDING', { service: 'shop/web', why: 'no MetalLB' }, []);
    expect(f.fix).toContain('replace the example range');
  });

  it('puts the suggested range into the LB_PENDING fix', () => {
    const m = buildModel({ nodes: [node('worker-1', '10.20.30.11')] });
    const f = makeFinding('LB_PENDING', { service: 'shop/web', why: 'no MetalLB', ...optionalPool(m) }, []);
    expect(f.fix).toContain('addresses: [10.20.30.240-10.20.30.250]');
    expect(f.fix).not.toContain('replace the example range');
  });
});
