// NCA scheme files (docs/SchemeFileFormat.md, docs/CommonQueryPatterns.md): the network
// configs they define and the queries they run, resolved to objects on disk.
//
// Topology rules (CommonQueryPatterns.md "Handling missing resources"): a config's
// `namespaceList` / `podList` override the namespaces / pods found in its `resourceList`;
// a config without pods uses the global pods (`podList`, else pods in the global
// `resourceList`); likewise for namespaces. Policies come from `networkPolicyList`, else
// from the config's `resourceList`.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import type { KubeObject } from '../../../lib/model/types';
import { readSources, type Topology } from './resources';

/** NCA's policy kinds (NetworkPolicy.PolicyType), used in policy keys and single-policy config names. */
export type NcaPolicyType =
  'K8sNetworkPolicy' | 'CalicoNetworkPolicy' | 'CalicoGlobalNetworkPolicy' | 'CalicoProfile';

export interface NcaPolicy {
  readonly type: NcaPolicyType;
  /** NCA's full name: `namespace/name`, or `name` for cluster-scoped kinds. */
  readonly fullName: string;
  readonly name: string;
  readonly object: KubeObject;
}

export interface NcaConfig {
  readonly name: string;
  readonly namespaces: readonly KubeObject[];
  readonly pods: readonly KubeObject[];
  readonly hostEndpoints: readonly KubeObject[];
  readonly networkSets: readonly KubeObject[];
  readonly policies: readonly NcaPolicy[];
  /**
   * Calico Profiles. NCA parses them only for `labelsToApply` and never adds them to the
   * config's policies (nca/NetworkConfig/PoliciesFinder.py: "not supporting profiles with
   * rules"), so they are not policies of the config here either; they still go to the
   * engine, which applies them as Calico does.
   */
  readonly profiles: readonly KubeObject[];
  /** Kinds in the policy sources that this harness does not model (Istio, Ingress, ...). */
  readonly otherKinds: readonly string[];
  /** Sources NCA reads from a live cluster (`k8s`, `calico`, `istio`). */
  readonly liveSources: readonly string[];
  readonly expectedError: boolean;
  /** Why the config could not be read, when it could not. */
  readonly loadError?: string;
}

export const QUERY_TYPES = [
  'connectivityMap',
  'equivalence',
  'strongEquivalence',
  'semanticDiff',
  'containment',
  'twoWayContainment',
  'permits',
  'forbids',
  'interferes',
  'pairwiseInterferes',
  'emptiness',
  'redundancy',
  'sanity',
  'disjointness',
  'vacuity',
  'allCaptured',
] as const;
export type QueryType = (typeof QUERY_TYPES)[number];

export interface NcaQuery {
  readonly scheme: string;
  readonly index: number;
  readonly name: string;
  readonly type: QueryType;
  readonly configs: readonly string[];
  readonly expected?: number;
  readonly expectedOutput?: string;
  readonly expectedNotExecuted?: number;
  readonly outputConfiguration?: Record<string, unknown>;
}

export interface Scheme {
  readonly file: string;
  readonly configs: ReadonlyMap<string, NcaConfig>;
  readonly queries: readonly NcaQuery[];
}

type Raw = Record<string, unknown>;
const LIVE = new Set(['k8s', 'calico', 'istio']);
const list = (v: unknown): string[] =>
  v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)];

export function policyIdentity(object: KubeObject): Omit<NcaPolicy, 'object'> {
  const name = object.metadata.name ?? '';
  const ns = object.metadata.namespace ?? 'default';
  const calico =
    (object.apiVersion ?? '').startsWith('projectcalico.org') ||
    (object.apiVersion ?? '').startsWith('crd.projectcalico.org');
  if (object.kind === 'GlobalNetworkPolicy')
    return { type: 'CalicoGlobalNetworkPolicy', fullName: name, name };
  if (object.kind === 'Profile') return { type: 'CalicoProfile', fullName: name, name };
  return { type: calico ? 'CalicoNetworkPolicy' : 'K8sNetworkPolicy', fullName: `${ns}/${name}`, name };
}

export function readScheme(file: string): Scheme {
  const dir = dirname(file);
  const raw = parse(readFileSync(file, 'utf8')) as Raw;
  const at = (s: string) => (LIVE.has(s) ? s : resolve(dir, s.trim()));
  const load = (sources: readonly string[]): Topology =>
    readSources(sources.filter((s) => !LIVE.has(s)).map(at));
  const globalRes = load(list(raw.resourceList));
  const globalNs =
    raw.namespaceList !== undefined ? load(list(raw.namespaceList)).namespaces : globalRes.namespaces;
  const globalPods = raw.podList !== undefined ? load(list(raw.podList)) : globalRes;

  const configs = new Map<string, NcaConfig>();
  for (const c of (raw.networkConfigList ?? []) as Raw[]) {
    const name = String(c.name);
    const expectedError = Number(c.expectedError ?? 0) === 1;
    try {
      const res = load(list(c.resourceList));
      const podsFrom =
        c.podList !== undefined
          ? load(list(c.podList))
          : res.pods.length + res.hostEndpoints.length > 0
            ? res
            : globalPods;
      const nsFrom =
        c.namespaceList !== undefined
          ? load(list(c.namespaceList)).namespaces
          : res.namespaces.length > 0
            ? res.namespaces
            : globalNs;
      const policySources =
        c.networkPolicyList !== undefined ? list(c.networkPolicyList) : list(c.resourceList);
      const pol = c.networkPolicyList !== undefined ? load(policySources) : res;
      configs.set(name, {
        name,
        namespaces: nsFrom,
        pods: podsFrom.pods,
        hostEndpoints: podsFrom.hostEndpoints,
        networkSets: podsFrom === pol ? pol.networkSets : [...podsFrom.networkSets, ...pol.networkSets],
        policies: pol.policies
          .filter((o) => o.kind !== 'Profile')
          .map((object) => ({ ...policyIdentity(object), object })),
        profiles: pol.policies.filter((o) => o.kind === 'Profile'),
        otherKinds: pol.otherKinds,
        liveSources: policySources.filter((s) => LIVE.has(s)),
        expectedError,
      });
    } catch (e) {
      configs.set(name, {
        name,
        namespaces: [],
        pods: [],
        hostEndpoints: [],
        networkSets: [],
        policies: [],
        profiles: [],
        otherKinds: [],
        liveSources: [],
        expectedError,
        loadError: e instanceof Error ? e.message : String(e),
      });
    }
  }

  const queries: NcaQuery[] = [];
  ((raw.queries ?? []) as Raw[]).forEach((q, index) => {
    const type = QUERY_TYPES.find((t) => q[t] !== undefined);
    if (!type) throw new Error(`${file}: query ${String(q.name)} has no known query type`);
    queries.push({
      scheme: file,
      index,
      name: String(q.name),
      type,
      configs: list(q[type]),
      ...(q.expected !== undefined ? { expected: Number(q.expected) } : {}),
      ...(q.expectedOutput !== undefined ? { expectedOutput: resolve(dir, String(q.expectedOutput)) } : {}),
      ...(q.expectedNotExecuted !== undefined ? { expectedNotExecuted: Number(q.expectedNotExecuted) } : {}),
      ...(q.outputConfiguration !== undefined
        ? { outputConfiguration: q.outputConfiguration as Record<string, unknown> }
        : {}),
    });
  });
  return { file, configs, queries };
}
