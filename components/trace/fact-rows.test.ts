import { describe, expect, it } from 'vitest';
import type { Hop } from 'lib/engine/types';
import { factRows } from './fact-rows';

const hop = (over: Partial<Hop>): Hop => ({
  id: 'h1',
  kind: 'encap',
  label: 'x',
  verdict: 'pass',
  findings: [],
  ...over,
});

describe('factRows', () => {
  it('states the encapsulation MTU once, as the inner MTU', () => {
    const rows = factRows(
      hop({
        node: 'worker-1',
        mtu: 1450,
        facts: { overlay: 'VXLAN', 'inner MTU': '1450', 'pod MTU': '1500' },
      }),
    );
    expect(rows.map((r) => r.label)).toEqual(['Node', 'Verdict', 'Overlay', 'Inner MTU', 'Pod MTU']);
  });

  it('shows a fact that repeats a row word for word once', () => {
    const rows = factRows(
      hop({ kind: 'pod-eth0', mtu: 1500, facts: { MTU: '1500', 'packet size': '1500' } }),
    );
    expect(rows).toEqual([
      { label: 'MTU', value: '1500' },
      { label: 'Verdict', value: 'pass' },
      { label: 'Packet size', value: '1500' },
    ]);
  });

  it('keeps the generic MTU row when no fact states it', () => {
    expect(factRows(hop({ kind: 'veth', mtu: 1500 })).map((r) => r.label)).toEqual(['MTU', 'Verdict']);
  });
});
