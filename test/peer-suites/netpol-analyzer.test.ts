// Runs computeReach on every netpol-analyzer case and compares with expected.json
// after the same canonical normalization as the suite's compare.mjs (peer strings
// trimmed, connection strings canonical, empty sets dropped, pairs sorted). A few
// cases also go through compare.mjs itself, to be sure our JSON satisfies the checker.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatReach } from '../../lib/engine/format/reach';
import { computeReach } from '../../lib/engine/reach';
import type { ReachPair } from '../../lib/engine/types';
import { loadCase } from './load-case';

const suite = join(import.meta.dirname, 'netpol-analyzer');
const cases = readdirSync(join(suite, 'cases')).sort();
let canonicalConn: (conn: string) => string;

beforeAll(async () => {
  const checker = pathToFileURL(join(suite, 'compare.mjs')).href;
  ({ canonicalConn } = (await import(checker)) as { canonicalConn: (conn: string) => string });
});

function normalize(pairs: readonly ReachPair[]): string[] {
  return pairs
    .map((p) => ({ key: `${p.from.trim()} => ${p.to.trim()}`, conn: canonicalConn(p.conn) }))
    .filter((p) => p.conn !== '')
    .map((p) => `${p.key} : ${p.conn}`)
    .sort();
}

async function reach(name: string): Promise<{ expected: ReachPair[]; actual: ReachPair[] }> {
  const dir = join(suite, 'cases', name);
  const expected = (JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { pairs: ReachPair[] })
    .pairs;
  const model = await loadCase([join(dir, 'manifests')]);
  // netpol-analyzer's model (its README): "ipBlock and networks rules only ever match
  // IP-range peers, never pods" (= --ipblock-pods outside), and every pod, host-network
  // ones included, is an ordinary pod peer; connections are TCP, UDP and SCTP ports only
  // ("All Connections" = the three protocols on all ports, compare.mjs).
  return {
    expected,
    actual: [
      ...computeReach(model, {
        granularity: 'workload',
        ipblockPods: 'outside',
        hostNetwork: 'pod',
        protocols: 'tcp-udp-sctp',
      }).pairs,
    ],
  };
}

describe('netpol-analyzer peer suite', () => {
  it('has the cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(54);
  });
  for (const name of cases) {
    it(
      name,
      async () => {
        const { expected, actual } = await reach(name);
        const exp = normalize(expected);
        const act = normalize(actual);
        const expSet = new Set(exp);
        const actSet = new Set(act);
        // Named lists first, so a failure shows only the differing lines.
        expect({
          missing: exp.filter((l) => !actSet.has(l)),
          extra: act.filter((l) => !expSet.has(l)),
        }).toEqual({ missing: [], extra: [] });
        expect(act).toEqual(exp);
      },
      120_000,
    );
  }
  for (const name of [
    'netpol-analysis-example-minimal',
    'anp_banp_core_test',
    'test_with_named_ports',
    'ipblockstest',
  ]) {
    it(`compare.mjs accepts our JSON for ${name}`, async () => {
      const { actual } = await reach(name);
      const file = join(mkdtempSync(join(tmpdir(), 'packetpath-np-')), 'actual.json');
      writeFileSync(file, formatReach({ pairs: actual }, 'json'));
      const out = execFileSync(
        process.execPath,
        [join(suite, 'compare.mjs'), '--quiet', join(suite, 'cases', name), file],
        { encoding: 'utf8' },
      );
      expect(out).toMatch(/^PASS: /);
    });
  }
  it('prints expected.txt byte for byte on a small case', async () => {
    const name = 'netpol-analysis-example-minimal';
    const { actual } = await reach(name);
    expect(formatReach({ pairs: actual }, 'txt')).toBe(
      readFileSync(join(suite, 'cases', name, 'expected.txt'), 'utf8'),
    );
  });
});
