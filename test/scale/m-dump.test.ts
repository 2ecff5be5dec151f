// The M benchmark cluster (10,000 pods, bench/clusters.ts) read from its JSON, YAML and
// gzip-compressed YAML dumps gives one and the same model: the fast YAML path, the gzip
// reader and the bookkeeping dropped at parse time change nothing the engine sees.
// The dumps carry managedFields and last-applied-configuration as the API server returns
// them (https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management).

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { benchDumps } from '../../bench/clusters';
import { loadModel, readInputs } from '../../lib/ingest';
import type { ClusterModel } from '../../lib/model/types';

/** A digest of everything the engine reads; Maps as entry lists, origins and warnings without their file. */
function fingerprint(model: ClusterModel): {
  digest: string;
  pods: number;
  services: number;
  policies: number;
  warnings: string[];
} {
  const hash = createHash('sha256');
  const seen = new WeakSet<object>();
  const replacer = (key: string, value: unknown): unknown => {
    // Where an entity came from names the file, which differs by design.
    if (key === 'origin') return undefined;
    if (value instanceof Map) return [...value.entries()];
    if (value instanceof Set) return [...value.values()];
    if (value && typeof value === 'object') {
      if (seen.has(value)) return '[seen]';
      seen.add(value);
    }
    return value;
  };
  for (const part of [
    model.namespaces,
    model.nodes,
    model.pods,
    model.services,
    model.endpointSlices,
    model.networkPolicies,
    model.adminPolicies,
    model.objectsByKind,
    model.settings,
  ]) {
    hash.update(JSON.stringify(part, replacer) ?? 'undefined');
  }
  return {
    digest: hash.digest('hex'),
    pods: model.pods.size,
    services: model.services.size,
    policies: model.networkPolicies.length,
    warnings: model.warnings
      .map((w) => `${w.code} ${w.ref ? `${w.ref.kind}/${w.ref.namespace ?? ''}/${w.ref.name}` : ''}`)
      .sort(),
  };
}

async function modelOf(file: string): Promise<ReturnType<typeof fingerprint>> {
  const { snapshot } = await readInputs([file]);
  for (const o of snapshot.objects) {
    expect(o.metadata).not.toHaveProperty('managedFields');
  }
  return fingerprint(loadModel(snapshot));
}

describe('the M dump', () => {
  it('gives the same model from JSON, YAML and gzip-compressed YAML', async () => {
    const dumps = await benchDumps('M');
    const json = await modelOf(dumps.json);
    expect(json.pods).toBeGreaterThanOrEqual(10_000);
    expect(json.services).toBeGreaterThanOrEqual(1000);
    expect(json.policies).toBe(500);
    const yaml = await modelOf(dumps.yaml);
    expect(yaml).toEqual(json);
    const gz = await modelOf(dumps.yamlGz);
    expect(gz).toEqual(json);
  }, 600_000);
});
