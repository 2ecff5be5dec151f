import { describe, expect, it } from 'vitest';
import { matrixCsv, reachMatrix } from './matrix';

const result = {
  pairs: [
    { from: 'shop/web[Deployment]', to: 'shop/db[StatefulSet]', conn: 'TCP 5432' },
    { from: '0.0.0.0-255.255.255.255[External]', to: 'shop/web[Deployment]', conn: 'TCP 80' },
    { from: 'shop/web[Deployment]', to: 'kube-system/coredns[Deployment]', conn: 'UDP 53' },
    { from: 'kube-system/coredns[Deployment]', to: 'shop/db[StatefulSet]', conn: 'TCP 5432' },
  ],
};

describe('reach matrix', () => {
  it('groups peers by namespace, address ranges last, and indexes connection sets', () => {
    const m = reachMatrix(result);
    expect(m.peers).toEqual([
      'kube-system/coredns[Deployment]',
      'shop/db[StatefulSet]',
      'shop/web[Deployment]',
      '0.0.0.0-255.255.255.255[External]',
    ]);
    expect(m.groups).toEqual([
      { name: 'kube-system', start: 0, end: 1 },
      { name: 'shop', start: 1, end: 3 },
      { name: 'outside', start: 3, end: 4 },
    ]);
    expect(m.conns).toEqual(['TCP 5432', 'TCP 80', 'UDP 53']);
    expect(m.cells).toHaveLength(4);
    expect(m.cells[0]).toEqual([2, 1, 0]);
  });

  it('exports every pair as a CSV cell, quoting what needs it', () => {
    const csv = matrixCsv(reachMatrix({ pairs: [{ from: 'a/x[Pod]', to: 'a/y[Pod]', conn: 'TCP 80,443' }] }));
    expect(csv).toBe('from \\ to,a/x[Pod],a/y[Pod]\na/x[Pod],,"TCP 80,443"\na/y[Pod],,\n');
  });
});
