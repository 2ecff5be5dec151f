// The queries of the NCA Calico suite, each with what this harness does with it: run it
// and compare with NCA's `expected`, or skip it because it needs something only NCA has.

import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readScheme, type NcaQuery, type Scheme } from './scheme';

export const SUITE = join(import.meta.dirname, '..', 'nca-calico');
const POLICIES = join(SUITE, 'calico_testcases', 'example_policies');

export interface Case {
  /** `<scheme path under example_policies>#<query index> <query name>` */
  readonly id: string;
  readonly scheme: Scheme;
  readonly query: NcaQuery;
  /** Why the case is not run, when it is not. */
  readonly skip?: string;
}

function schemeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...schemeFiles(full));
    else if (name.endsWith('-scheme.yaml')) out.push(full);
  }
  return out;
}

/** Why a query cannot be reproduced from connection sets, or undefined when it can. */
function skipReason(scheme: Scheme, q: NcaQuery): string | undefined {
  if (q.expected === undefined && !(q.type === 'connectivityMap' && q.expectedOutput?.endsWith('.txt')))
    return 'the scheme gives no `expected` number (NCA only prints the result; upstream marks some of these not-working)';
  const configs = q.configs.map((c) => scheme.configs.get(c.split('/')[0]!));
  if (configs.some((c) => c === undefined)) return `names an undefined config`;
  const other = [...new Set(configs.flatMap((c) => c!.otherKinds))].sort();
  if (other.some((k) => /AuthorizationPolicy|Sidecar|Gateway|VirtualService|ServiceEntry/.test(k)))
    return `NCA-only: Istio resources (${other.join(', ')})`;
  if (other.includes('Ingress')) return 'NCA-only: Kubernetes Ingress resources as policies (gateway layer)';
  if (configs.some((c) => c!.liveSources.length > 0)) return 'reads policies from a live cluster';
  if (configs.some((c) => c!.loadError && !c!.expectedError))
    return `config could not be read: ${configs.find((c) => c!.loadError)!.loadError}`;
  if (q.type === 'semanticDiff')
    return "NCA-only: semanticDiff's categories are NCA's own grouping of changed connections (added/removed peers, ip blocks, connectivity-map lines) that has no definition in connection-set terms";
  return undefined;
}

export function loadCases(): Case[] {
  const cases: Case[] = [];
  for (const file of schemeFiles(POLICIES)) {
    const scheme = readScheme(file);
    for (const query of scheme.queries) {
      const id = `${relative(POLICIES, file)}#${query.index} ${query.name}`;
      const skip = skipReason(scheme, query);
      cases.push({ id, scheme, query, ...(skip ? { skip } : {}) });
    }
  }
  return cases;
}
