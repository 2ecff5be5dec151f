// Every peer-suite case loads without errors, and the workload peers ingest
// produces are exactly those named in netpol-analyzer's expected output.
// Reads the repo copy under test/peer-suites when present, else shared/ beside the repo.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workloadPeerName } from '../model/keys';
import { loadModel } from './load-model';
import { readInputs } from './read-files';

const root = join(import.meta.dirname, '../..');

function casesDir(suite: string): string {
  const candidates = [
    join(root, 'test/peer-suites', suite, 'cases'),
    join(root, '../shared/peer-suites', suite, 'cases'),
    join('/work/shared/peer-suites', suite, 'cases'),
  ];
  const found = candidates.find((d) => existsSync(d));
  if (!found) throw new Error(`peer suite ${suite} not found (looked in ${candidates.join(', ')})`);
  return found;
}

const netpolDir = casesDir('netpol-analyzer');
const e2eDir = casesDir('k8s-e2e');
const netpolCases = readdirSync(netpolDir).sort();
const e2eCases = readdirSync(e2eDir).sort();

describe('peer suites load', () => {
  it('has cases', () => {
    expect(netpolCases.length).toBeGreaterThan(40);
    expect(e2eCases.length).toBeGreaterThan(20);
  });

  it.each(netpolCases)('netpol-analyzer %s: peers match the expected output', async (name) => {
    const { snapshot, warnings } = await readInputs([join(netpolDir, name, 'manifests')]);
    const model = loadModel(snapshot);
    expect(warnings.filter((w) => w.code !== 'NOT_KUBERNETES')).toEqual([]);
    const peers = new Set([...model.pods.values()].map((p) => workloadPeerName(p.workload)));
    const expected = JSON.parse(readFileSync(join(netpolDir, name, 'expected.json'), 'utf8')) as {
      pairs: { from: string; to: string }[];
    };
    const named = new Set(
      expected.pairs.flatMap((p) => [p.from, p.to]).filter((x) => !x.endsWith('[External]')),
    );
    // Every peer of the expected output exists; a peer that never connects may be absent from it.
    expect([...named].filter((p) => !peers.has(p))).toEqual([]);
    for (const ns of model.namespaces.values())
      expect(ns.labels['kubernetes.io/metadata.name']).toBe(ns.name);
  });

  it('netpol-analyzer onlineboutique: the JSON report beside the manifests is skipped with a warning', async () => {
    const { warnings } = await readInputs([join(netpolDir, 'onlineboutique', 'manifests')]);
    expect(warnings.map((w) => w.code)).toEqual(['NOT_KUBERNETES']);
  });

  it.each(e2eCases)('k8s-e2e %s: 3 namespaces, 9 pods with IPs', async (name) => {
    const { snapshot } = await readInputs([join(e2eDir, name, 'cluster.yaml')]);
    const model = loadModel(snapshot);
    expect([...model.namespaces.keys()]).toEqual(['x', 'y', 'z']);
    expect(model.pods.size).toBe(9);
    expect(model.index.podByIP.get('10.2.0.3')?.key).toBe('y/c');
    const policyDocs =
      readFileSync(join(e2eDir, name, 'cluster.yaml'), 'utf8').match(/^kind: "?NetworkPolicy"?$/gm)?.length ??
      0;
    expect(model.networkPolicies).toHaveLength(policyDocs);
  });
});
