// Grouping and memoisation must not change any answer: computeReach on a synthetic
// cluster (ANP, BANP, named ports, ipBlocks, cross-namespace selectors) equals a
// brute-force allowedConnections call for every pair of peers.

import { describe, expect, it } from 'vitest';
import { generateCluster } from '../../../bench/generate';
import { loadModel } from '../../ingest';
import { formatConnections, formatIPv4Interval, isEmptyConnections, numberToIPv4 } from '../net';
import { allowedConnections } from '../policy/evaluate';
import type { PeerEndpoint } from '../policy/types';
import { computeReach } from './compute-reach';
import { destinationRanges, sourceRanges } from './ip-ranges';
import { reachPeers } from './peers';

describe('computeReach memoisation', () => {
  for (const seed of [1, 2, 3]) {
    it(`matches brute force on synthetic cluster seed ${seed}`, () => {
      const model = loadModel(generateCluster({ seed, namespaces: 4, workloadsPerNamespace: 6, pods: 48 }));
      const peers = reachPeers(model, 'workload').peers;
      const expected: string[] = [];
      const add = (from: string, to: string, a: PeerEndpoint, b: PeerEndpoint) => {
        const conns = allowedConnections(model, a, b);
        if (!isEmptyConnections(conns)) expected.push(`${from} => ${to} : ${formatConnections(conns)}`);
      };
      const ip = (n: number): PeerEndpoint => ({ type: 'ip', ip: numberToIPv4(n) });
      for (const r of sourceRanges(model))
        for (const p of peers)
          add(`${formatIPv4Interval(r)}[External]`, p.name, ip(r[0]), { type: 'pod', pod: p.pod });
      for (const p of peers) {
        for (const r of destinationRanges(model))
          add(p.name, `${formatIPv4Interval(r)}[External]`, { type: 'pod', pod: p.pod }, ip(r[0]));
        for (const q of peers)
          if (q !== p) add(p.name, q.name, { type: 'pod', pod: p.pod }, { type: 'pod', pod: q.pod });
      }
      const actual = computeReach(model, { granularity: 'workload' }).pairs.map(
        (p) => `${p.from} => ${p.to} : ${p.conn}`,
      );
      expect(actual.length).toBeGreaterThan(20);
      expect([...actual].sort()).toEqual(expected.sort());
    });
  }
});
