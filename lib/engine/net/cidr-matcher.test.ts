// cidrMatcher answers as cidrContains does, for every CIDR and address, valid or not, of
// either family; it only parses each text once.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidrContains, cidrMatcher } from './ip';

const v4 = fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([a, n]) => `${a}/${n}`);
const v6 = fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 })).map(([a, n]) => `${a}/${n}`);
const odd = fc.constantFrom('10.0.0.0/33', 'not-a-cidr', '', '::ffff:10.0.0.1', '10.0.0.1', '10.0.0.0/8');
const cidr = fc.oneof(v4, v6, odd);
const ip = fc.oneof(fc.ipV4(), fc.ipV6(), odd);

describe('cidrMatcher', () => {
  it('gives cidrContains’ answer for the same CIDR and address, asked once or many times', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(cidr, ip), { minLength: 1, maxLength: 20 }), (pairs) => {
        const contains = cidrMatcher();
        for (const [c, a] of [...pairs, ...pairs])
          expect(contains(c, a), `${a} in ${c}`).toBe(cidrContains(c, a));
      }),
      { seed: 20261204, numRuns: 300 },
    );
  });

  it('never matches across families', () => {
    const contains = cidrMatcher();
    expect(contains('0.0.0.0/0', '::ffff:10.0.0.1')).toBe(false);
    expect(contains('::/0', '10.0.0.1')).toBe(false);
    expect(contains('10.0.0.0/8', '10.1.2.3')).toBe(true);
  });
});
