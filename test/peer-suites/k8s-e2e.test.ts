// Runs every probe of every k8s-e2e case through evaluateConnection. Self-pairs are
// checked too: the README says they carry the value of applying the policies as to any
// other peer, which is what the evaluator does.
//
// ipBlock rule: the default a trace or reach applies to this cluster, which names no
// CNI: `match`, as the upstream e2e suite expects (a pod's /32 inside cidr is matched,
// one in except is not; kubernetes/kubernetes test/e2e/network/netpol). The
// netpol-analyzer suite runs with the other model (`outside`).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateConnection } from '../../lib/engine/policy';
import { detectCni } from '../../lib/engine/platform/detect-cni';
import { evaluateOptionsOf, ipBlockRule } from '../../lib/engine/policy/ipblock-rule';
import type { Protocol } from '../../lib/model/types';
import { loadCase } from './load-case';

const suite = join(import.meta.dirname, 'k8s-e2e');
const cases = readdirSync(join(suite, 'cases')).sort();

interface Probe {
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly protocol: Protocol;
  readonly allowed: boolean;
}

async function evaluateCase(name: string): Promise<{ probes: Probe[]; actual: Probe[] }> {
  const dir = join(suite, 'cases', name);
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { probes: Probe[] };
  const model = await loadCase([join(dir, 'cluster.yaml')]);
  const pod = (key: string) => {
    const p = model.pods.get(key);
    if (!p) throw new Error(`${name}: no pod ${key} in the model`);
    return { type: 'pod' as const, pod: p };
  };
  const rule = ipBlockRule(detectCni(model));
  expect(rule).toMatchObject({ mode: 'match', basis: 'assumed' });
  const options = evaluateOptionsOf(rule);
  const actual = expected.probes.map((p) => ({
    ...p,
    allowed: evaluateConnection(model, pod(p.from), pod(p.to), p.protocol, p.port, options).allowed,
  }));
  return { probes: expected.probes, actual };
}

describe('k8s-e2e peer suite', () => {
  it('has the cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(32);
  });
  for (const name of cases) {
    it(name, async () => {
      const { probes, actual } = await evaluateCase(name);
      expect(probes.length).toBeGreaterThanOrEqual(81);
      const wrong = actual
        .filter((a, i) => a.allowed !== probes[i]!.allowed)
        .map((a) => `${a.from} -> ${a.to} ${a.port}/${a.protocol}: expected ${!a.allowed}, got ${a.allowed}`);
      expect(wrong).toEqual([]);
    });
  }
  it('agrees with the suite checker (compare.mjs) on a case', async () => {
    const name = 'tcp-multiple-podselectors-and-namespaceselectors';
    const { actual } = await evaluateCase(name);
    const file = join(mkdtempSync(join(tmpdir(), 'packetpath-e2e-')), 'actual.json');
    writeFileSync(file, JSON.stringify({ probes: actual }));
    const out = execFileSync(
      process.execPath,
      [join(suite, 'compare.mjs'), join(suite, 'cases', name), file],
      { encoding: 'utf8' },
    );
    expect(out).toMatch(/^\d+ passed, 0 failed$/m);
  });
});
