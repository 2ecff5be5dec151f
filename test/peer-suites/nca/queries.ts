// NCA's queries over packetpath's connection sets, following network-config-analyzer
// nca/NetworkConfig/NetworkConfigQuery.py and NetworkConfigQueryRunner.py at commit
// c4bd39f99d76532baced2fd920edbc67ffc2f654 (what each number counts: docs/SchemeFileFormat.md
// "Returned value for each sub-query"):
// - single-config queries (emptiness, redundancy, sanity, disjointness, vacuity) add up
//   their result over the listed configs;
// - equivalence, strongEquivalence, twoWayContainment compare every config with every
//   later one; containment, permits, forbids, interferes compare every config with the
//   first (the base); pairwiseInterferes runs interferes on every ordered pair.
// Policies are compared as objects; a policy's selected endpoints and a rule's peers are
// found by probing the engine with a rewritten copy of the policy (see `selectedBy` and
// `ruleIsEmpty`), so the same code serves Kubernetes and Calico policies.

import { readFileSync } from 'node:fs';
import {
  connectionsContainedIn,
  equalConnections,
  formatConnections,
  intersectConnections,
  ipv4ToNumber,
  isEmptyConnections,
  unionAllConnections,
} from '../../../lib/engine/net';
import { decideDirection, type PeerEndpoint } from '../../../lib/engine/policy';
import type { KubeObject } from '../../../lib/model/types';
import {
  everyPair,
  addressRanges,
  addressRangesV6,
  connectivity,
  endpointsOf,
  peerIdsOf,
  hostEndpointIP,
  modelOf,
  viewOf,
  type ConfigView,
  type Connectivity,
  type Endpoint,
  type PairConns,
} from './connectivity';
import { fwRuleRanges, parseFwRules, type FwPeers } from './fw-rules';
import type { NcaPolicy, NcaQuery, Scheme } from './scheme';

export interface QueryResult {
  readonly result: number;
  readonly notExecuted: number;
}

type Json = Record<string, unknown>;
const clone = <T>(x: T): T => structuredClone(x);
const policyKey = (p: NcaPolicy) => `${p.fullName}[${p.type}]`;
const objectKey = (p: NcaPolicy) => JSON.stringify(p.object);

// ---- configs -------------------------------------------------------------------------

/** `<set>`, `<set>/<ns>/<policy>`, `<set>/<policy>` or `<set>/<kind>/<ns>/<policy>` (SchemeFileFormat.md "Config sets"). */
export function resolveConfig(scheme: Scheme, name: string): ConfigView {
  const [set, ...rest] = name.split('/');
  const base = scheme.configs.get(set!);
  if (!base) throw new Error(`NetworkPolicyList ${set} is undefined`);
  if (base.loadError) throw new Error(`config ${set} could not be read: ${base.loadError}`);
  if (rest.length === 0) return viewOf(base);
  let kind: string | undefined;
  let policyName = rest.join('/');
  if (rest.length === 3) {
    kind = rest[0];
    policyName = rest.slice(1).join('/');
  }
  let found = base.policies.filter((p) => p.fullName === policyName && (!kind || p.type === kind));
  if (found.length === 0 && !policyName.includes('//'))
    found = base.policies.filter((p) => p.name === policyName && (!kind || p.type === kind));
  if (found.length !== 1) throw new Error(`${found.length} policies named ${policyName} in ${set}`);
  // NCA names the config `<set>/<policy full name>` (clone_with_just_one_policy), kind left out.
  return { name: `${set}/${found[0]!.fullName}`, base, policies: found };
}

const withPolicies = (view: ConfigView, policies: readonly NcaPolicy[], name = view.name): ConfigView => ({
  name,
  base: view.base,
  policies,
});

function peerIds(view: ConfigView): Set<string> {
  return new Set(peerIdsOf(view));
}

function comparable(a: ConfigView, b: ConfigView): boolean {
  const x = peerIds(a);
  const y = peerIds(b);
  return x.size === y.size && [...x].every((id) => y.has(id));
}

/**
 * NCA's shortcut for "same policies" (policies_container.policies ==): the same keys with
 * the same content. Profiles count too: NCA applies their labelsToApply to the pods, which
 * changes what its policies select, so configs that differ only in profiles differ.
 */
function samePolicies(a: ConfigView, b: ConfigView): boolean {
  if (a.policies.length !== b.policies.length) return false;
  if (a.base !== b.base && JSON.stringify(a.base.profiles) !== JSON.stringify(b.base.profiles)) return false;
  const keys = new Map(b.policies.map((p) => [policyKey(p), objectKey(p)]));
  return a.policies.every((p) => keys.get(policyKey(p)) === objectKey(p));
}

// ---- connection sets of two configs over one set of endpoints --------------------------

function both(a: ConfigView, b: ConfigView): [Connectivity, Connectivity] {
  const endpoints: Endpoint[] = endpointsOf(a, addressRanges([a, b]), false, addressRangesV6([a, b]));
  return [connectivity(a, endpoints), connectivity(b, endpoints)];
}

type Pick = (p: PairConns) => PairConns['all'];
const ALL: Pick = (p) => p.all;
const CAPTURED: Pick = (p) => p.captured;

/**
 * `focus`: the endpoints the two configs' policies can differ on (a policy decides only
 * for the endpoints it selects), to look at pairs touching them only.
 */
function equivalent(a: ConfigView, b: ConfigView, focus?: ReadonlySet<string>): boolean {
  if (samePolicies(a, b)) return true;
  const [x, y] = both(a, b);
  return everyPair(x, y, (p, q) => equalConnections(p.all, q.all), focus);
}

/** ContainmentQuery.exec: a's peers must all be in b; then a's (captured or all) connections ⊆ b's. */
function contained(a: ConfigView, b: ConfigView, pickA: Pick): boolean {
  const bIds = peerIds(b);
  if ([...peerIds(a)].some((id) => !bIds.has(id))) return false;
  const [x, y] = both(a, b);
  return everyPair(x, y, (p, q) => connectionsContainedIn(pickA(p), q.all));
}

function intersects(a: ConfigView, b: ConfigView): boolean {
  const [x, y] = both(a, b);
  let first = '';
  const ok = everyPair(
    x,
    y,
    (p, q) => isEmptyConnections(intersectConnections(p.captured, q.all)),
    undefined,
    (i, j) => (first = `${x.endpoints[i]!.id} -> ${x.endpoints[j]!.id}`),
  );
  if (!ok) note(`first intersecting pair ${first}`);
  return !ok;
}

// ---- policy probes -------------------------------------------------------------------

function spec(o: KubeObject): Json {
  return ((o as unknown as { spec?: Json }).spec ?? {}) as Json;
}
const isK8s = (p: NcaPolicy) => p.type === 'K8sNetworkPolicy';
const withSpec = (p: NcaPolicy, s: Json): NcaPolicy => ({
  ...p,
  object: { ...clone(p.object), spec: s } as unknown as KubeObject,
});

const selectedCache = new WeakMap<NcaPolicy, Set<string>>();

/**
 * The endpoints a policy selects: those the engine reports as isolated (some policy
 * selected them) when the policy, applying to both directions, is the only one.
 */
export function selectedBy(view: ConfigView, policy: NcaPolicy): Set<string> {
  const hit = selectedCache.get(policy);
  if (hit) return hit;
  const s = clone(spec(policy.object));
  if (isK8s(policy)) Object.assign(s, { policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [] });
  else Object.assign(s, { types: ['Ingress', 'Egress'], ingress: [], egress: [] });
  const model = modelOf(withPolicies(view, [withSpec(policy, s)], `${view.name}:select:${policy.fullName}`));
  const outside = { type: 'ip' as const, ip: '0.0.0.0' };
  const selected = new Set<string>();
  const probe = (id: string, ep: PeerEndpoint) => {
    if (
      decideDirection(model, outside, ep, 'Ingress').isolated ||
      decideDirection(model, ep, outside, 'Egress').isolated
    )
      selected.add(id);
  };
  for (const pod of model.pods.values()) probe(pod.key, { type: 'pod', pod });
  view.base.hostEndpoints.forEach((h, i) =>
    probe(`hep:${i}:${h.metadata.name}`, { type: 'ip', ip: hostEndpointIP(i) }),
  );
  selectedCache.set(policy, selected);
  return selected;
}

const rulesOf = (p: NcaPolicy, ingress: boolean): Json[] =>
  (spec(p.object)[ingress ? 'ingress' : 'egress'] as Json[] | undefined) ?? [];

function withoutRule(p: NcaPolicy, ingress: boolean, index: number): NcaPolicy {
  const s = clone(spec(p.object));
  const field = ingress ? 'ingress' : 'egress';
  const target = JSON.stringify(rulesOf(p, ingress)[index]);
  // NCA's clone_without_rule drops every rule equal to the excluded one.
  s[field] = (s[field] as Json[]).filter((r) => JSON.stringify(r) !== target);
  return withSpec(p, s);
}

function captures(probe: ConfigView): Connectivity {
  return connectivity(probe, endpointsOf(probe, addressRanges([probe]), false, addressRangesV6([probe])));
}

/** The engine endpoint for a harness endpoint id (pods by key, host endpoints by their address). */
function engineEndpointOf(model: ReturnType<typeof modelOf>, e: Endpoint): PeerEndpoint {
  if (e.kind === 'ip') return { type: 'ip', ip: e.id.slice(3) };
  if (e.kind === 'hep') return { type: 'ip', ip: hostEndpointIP(Number(e.id.split(':')[1])) };
  return { type: 'pod', pod: model.pods.get(e.id)! };
}

/** Whether some subject gets some connection from some peer through the probe policy's rule (explicitly). */
function anyExplicit(
  view: ConfigView,
  probe: NcaPolicy,
  ingress: boolean,
  subjects: readonly Endpoint[],
  peers: readonly Endpoint[],
  tag: string,
): boolean {
  const model = modelOf(withPolicies(view, [probe], `${view.name}:${tag}`));
  const direction = ingress ? 'Ingress' : 'Egress';
  for (const s of subjects) {
    const se = engineEndpointOf(model, s);
    for (const x of peers) {
      if (x.id === s.id && x.kind === 'ip') continue;
      const pe = engineEndpointOf(model, x);
      const d = ingress
        ? decideDirection(model, pe, se, direction)
        : decideDirection(model, se, pe, direction);
      if (d.segments.some((seg) => seg.allowed && seg.tier !== 'default' && seg.tier !== 'profile'))
        return true;
    }
  }
  return false;
}

/**
 * The empty sides of a rule (NCA has_empty_rules): for a Kubernetes rule its peers
 * (`from` / `to`); for a Calico rule its sources and its destinations, the subject side
 * limited to the policy's selection (CalicoPolicyYamlParser._parse_xgress_rule). Probed
 * with the side alone in an Allow rule for any protocol and port, in a copy of the policy
 * for that direction only: the peer side against every endpoint from one subject, the
 * subject side against one peer from every selected subject.
 */
export function emptySides(view: ConfigView, policy: NcaPolicy, ingress: boolean, index: number): number {
  const rule = clone(rulesOf(policy, ingress)[index]!);
  const direction = ingress ? 'Ingress' : 'Egress';
  const field = ingress ? 'ingress' : 'egress';
  const all = endpointsOf(view, addressRanges([view]), false, addressRangesV6([view]));
  const tag = `rule:${policy.fullName}:${field}${index}`;
  if (isK8s(policy)) {
    const peers = rule[ingress ? 'from' : 'to'];
    if (!Array.isArray(peers) || peers.length === 0) return 0;
    delete rule.ports;
    const s = {
      ...clone(spec(policy.object)),
      podSelector: {},
      policyTypes: [direction],
      ingress: [],
      egress: [],
      [field]: [rule],
    };
    const ns = policy.object.metadata.namespace ?? 'default';
    const subject = all.find((e) => e.kind === 'pod' && e.id.startsWith(`${ns}/`));
    if (!subject) return 1;
    return anyExplicit(view, withSpec(policy, s), ingress, [subject], all, tag) ? 0 : 1;
  }
  const selected = selectedBy(view, policy);
  const subjects = all.filter((e) => selected.has(e.id));
  const strip = (side: unknown): Json | undefined => {
    if (typeof side !== 'object' || side === null) return undefined;
    const { ports: _p, notPorts: _n, ...rest } = side as Json;
    return Object.keys(rest).length > 0 ? rest : undefined;
  };
  const peerSide = strip(rule[ingress ? 'source' : 'destination']);
  const subjectSide = strip(rule[ingress ? 'destination' : 'source']);
  const probe = (r: Json) =>
    withSpec(policy, {
      ...clone(spec(policy.object)),
      types: [direction],
      ingress: [],
      egress: [],
      [field]: [{ action: 'Allow', ...r }],
    });
  let peerEmpty = false;
  let subjectEmpty = subjects.length === 0;
  if (peerSide && subjects.length > 0) {
    peerEmpty = !anyExplicit(
      view,
      probe({ [ingress ? 'source' : 'destination']: peerSide }),
      ingress,
      [subjects[0]!],
      all,
      `${tag}:peer`,
    );
  }
  if (subjectSide && subjects.length > 0) {
    const one = all.filter((e) => e.kind === 'ip').slice(0, 1);
    subjectEmpty = !anyExplicit(
      view,
      probe({ [ingress ? 'destination' : 'source']: subjectSide }),
      ingress,
      subjects,
      one,
      `${tag}:subject`,
    );
  }
  return (peerEmpty ? 1 : 0) + (subjectEmpty ? 1 : 0);
}

/**
 * Pairs (no self pairs, no address-to-address pairs) whose connections differ from NCA's
 * connectivity map in `file`, compared on every pod and on the address space cut at the
 * policies' blocks and the map's own ranges.
 */
function connectivityMapDiff(view: ConfigView, file: string): number {
  const maps = parseFwRules(readFileSync(file, 'utf8'));
  const rules = maps.get(view.name);
  if (!rules)
    throw new Error(`${file} has no map for config ${view.name} (it has ${[...maps.keys()].join(', ')})`);
  const endpoints = endpointsOf(view, addressRanges([view], fwRuleRanges(rules)), true);
  const c = connectivity(view, endpoints);
  const pods = new Map(
    view.base.pods.map((p) => [`${p.metadata.namespace ?? 'default'}/${p.metadata.name}`, p]),
  );
  const matches = (peers: FwPeers, e: Endpoint): boolean => {
    if (peers.type === 'ips') {
      if (e.kind !== 'ip') return false;
      const a = ipv4ToNumber(e.id.slice(3));
      return peers.ranges.some(([x, y]) => x <= a && a <= y);
    }
    const pod = pods.get(e.id);
    return (
      e.kind === 'pod' &&
      pod !== undefined &&
      peers.namespaces.includes(pod.metadata.namespace ?? 'default') &&
      peers.pods(pod)
    );
  };
  let differing = 0;
  endpoints.forEach((a, i) => {
    endpoints.forEach((b, j) => {
      if (i === j || (a.kind === 'ip' && b.kind === 'ip')) return;
      const want = unionAllConnections(
        rules.filter((r) => matches(r.src, a) && matches(r.dst, b)).map((r) => r.conns),
      );
      if (!equalConnections(want, c.pair(i, j).all)) {
        differing++;
        note(
          `${view.name}: ${a.id} -> ${b.id}: NCA ${formatConnections(want)}, engine ${formatConnections(c.pair(i, j).all)}`,
        );
      }
    });
  });
  return differing;
}

// ---- single-config queries -----------------------------------------------------------

function vacuous(view: ConfigView): boolean {
  return equivalent(view, withPolicies(view, [], 'vacuousConfig'));
}

/** Layer order: Calico order, Kubernetes policies at 1000, no order last (NetworkPolicy.__lt__); stable. */
function sorted(policies: readonly NcaPolicy[]): NcaPolicy[] {
  const order = (p: NcaPolicy): number =>
    isK8s(p) ? 1000 : typeof spec(p.object).order === 'number' ? (spec(p.object).order as number) : Infinity;
  return policies
    .map((p, i) => ({ p, i }))
    .sort((a, b) => order(a.p) - order(b.p) || a.i - b.i)
    .map((x) => x.p);
}

function redundantPolicies(view: ConfigView): Set<NcaPolicy> {
  const out = new Set<NcaPolicy>();
  if (view.policies.length <= 1) return out;
  for (const p of view.policies)
    if (
      equivalent(
        view,
        withPolicies(
          view,
          view.policies.filter((q) => q !== p),
        ),
        selectedBy(view, p),
      )
    )
      out.add(p);
  return out;
}

function redundantRules(view: ConfigView, policy: NcaPolicy, ingress: boolean): number[] {
  const out: number[] = [];
  rulesOf(policy, ingress).forEach((_, i) => {
    const modified = withoutRule(policy, ingress, i);
    if (rulesOf(modified, ingress).length < rulesOf(policy, ingress).length - 1) {
      out.push(i);
      return;
    }
    if (
      equivalent(
        view,
        withPolicies(view, [...view.policies.filter((q) => q !== policy), modified]),
        selectedBy(view, policy),
      )
    )
      out.push(i);
  });
  return out;
}

function emptiness(view: ConfigView): number {
  let n = 0;
  for (const p of view.policies) {
    if (selectedBy(view, p).size === 0) {
      note(`${policyKey(p)} empty`);
      n++;
    }
    for (const ingress of [true, false]) {
      rulesOf(p, ingress).forEach((_, i) => {
        const sides = emptySides(view, p, ingress, i);
        if (sides > 0)
          note(`${policyKey(p)} ${ingress ? 'ingress' : 'egress'} rule ${i + 1}: ${sides} empty sides`);
        n += sides > 0 ? 1 : 0;
      });
    }
  }
  return n;
}

function redundancy(view: ConfigView): number {
  const policies = redundantPolicies(view);
  let n = policies.size;
  for (const p of view.policies) {
    if (policies.has(p)) continue;
    n += redundantRules(view, p, true).length + redundantRules(view, p, false).length;
  }
  return n;
}

function hasAction(rules: readonly Json[], action: string) {
  return rules.some((r) => r.action === action);
}

/** SanityQuery.has_conflicting_policies_with_same_order, over Calico policies and profiles. */
function conflictingSameOrder(view: ConfigView): boolean {
  const calico = sorted(view.policies).filter((p) => !isK8s(p));
  const order = (p: NcaPolicy) => spec(p.object).order as number | undefined;
  const affects = (p: NcaPolicy, ingress: boolean) => {
    const types = spec(p.object).types as string[] | undefined;
    if (types && types.length > 0) return types.includes(ingress ? 'Ingress' : 'Egress');
    return ingress
      ? 'ingress' in spec(p.object) || !('egress' in spec(p.object))
      : 'egress' in spec(p.object);
  };
  const conflicting = (a: NcaPolicy, b: NcaPolicy) => {
    if (order(a) !== order(b)) return false;
    if (!((affects(a, true) && affects(b, true)) || (affects(a, false) && affects(b, false)))) return false;
    const sb = selectedBy(view, b);
    if (![...selectedBy(view, a)].some((x) => sb.has(x))) return false;
    const clash = (ingress: boolean) => {
      const ra = rulesOf(a, ingress);
      const rb = rulesOf(b, ingress);
      return (
        (hasAction(ra, 'Allow') && hasAction(rb, 'Deny')) || (hasAction(ra, 'Deny') && hasAction(rb, 'Allow'))
      );
    };
    return (
      (affects(a, true) && affects(b, true) && clash(true)) ||
      (affects(a, false) && affects(b, false) && clash(false))
    );
  };
  if (calico.length <= 1) return false;
  let current: NcaPolicy[] = [];
  for (const p of calico) {
    if (current.length > 0) {
      const o = order(current[0]!);
      const lower = o !== undefined && (order(p) === undefined || o < order(p)!);
      if (lower) current = [];
      else if (current.some((q) => conflicting(p, q))) return true;
    }
    current.push(p);
  }
  return false;
}

export const trace: string[] = [];
const note = (s: string) => {
  if (process.env.NCA_TRACE) trace.push(s);
};

function sanity(view: ConfigView): number {
  if (view.policies.length === 0) return 0;
  if (conflictingSameOrder(view)) {
    note('conflicting same order');
    return 1;
  }
  const isVacuous = vacuous(view);
  if (isVacuous) note(`${view.name} vacuous`);
  let n = isVacuous ? 1 : 0;
  const redundant = redundantPolicies(view);
  for (const p of sorted(view.policies)) {
    if (selectedBy(view, p).size === 0) {
      note(`${policyKey(p)} empty`);
      n++;
      continue;
    }
    const emptyRules = { true: new Set<number>(), false: new Set<number>() };
    for (const ingress of [true, false]) {
      rulesOf(p, ingress).forEach((_, i) => {
        const sides = emptySides(view, p, ingress, i);
        n += sides;
        if (sides > 0)
          note(`${policyKey(p)} ${ingress ? 'ingress' : 'egress'} rule ${i + 1}: ${sides} empty sides`);
        if (sides > 0) emptyRules[`${ingress}`].add(i);
      });
    }
    if (isVacuous) continue;
    if (redundant.has(p)) {
      note(`${policyKey(p)} redundant`);
      n++;
      continue;
    }
    for (const ingress of [true, false]) {
      const rr = redundantRules(view, p, ingress).filter((i) => !emptyRules[`${ingress}`].has(i));
      if (rr.length > 0)
        note(
          `${policyKey(p)} redundant ${ingress ? 'ingress' : 'egress'} rules ${rr.map((i) => i + 1).join(',')}`,
        );
      n += rr.length;
    }
  }
  return n;
}

function disjointness(view: ConfigView): number {
  let n = 0;
  const ps = view.policies;
  for (let i = 0; i < ps.length; i++) {
    const si = selectedBy(view, ps[i]!);
    for (let j = 0; j < i; j++) {
      const sj = selectedBy(view, ps[j]!);
      if ([...si].some((x) => sj.has(x))) n++;
    }
  }
  return n;
}

// ---- pair queries ----------------------------------------------------------------------

function strongEquivalence(a: ConfigView, b: ConfigView): QueryResult {
  if (!comparable(a, b)) return { result: 1, notExecuted: 1 };
  if (samePolicies(a, b)) return { result: 0, notExecuted: 0 };
  const ka = new Set(a.policies.map(policyKey));
  const kb = new Set(b.policies.map(policyKey));
  if (ka.size !== kb.size || [...ka].some((k) => !kb.has(k))) return { result: 1, notExecuted: 0 };
  for (const p of a.policies) {
    const q = b.policies.find((x) => policyKey(x) === policyKey(p))!;
    if (
      !equivalent(
        withPolicies(a, [p], `${a.name}/${p.fullName}`),
        withPolicies(b, [q], `${b.name}/${q.fullName}`),
      )
    )
      return { result: 1, notExecuted: 0 };
  }
  return { result: 0, notExecuted: 0 };
}

function twoWay(a: ConfigView, b: ConfigView): QueryResult {
  if (comparable(a, b) && samePolicies(a, b)) return { result: 0, notExecuted: 0 };
  const ab = contained(a, b, ALL);
  const ba = contained(b, a, ALL);
  return { result: ab && ba ? 3 : ab ? 2 : ba ? 1 : 0, notExecuted: 0 };
}

const single = (r: number): QueryResult => ({ result: r, notExecuted: 0 });

const hasPeers = (v: ConfigView) => v.base.pods.length + v.base.hostEndpoints.length > 0;

function pairQuery(type: NcaQuery['type'], a: ConfigView, b: ConfigView): QueryResult {
  // BaseNetworkQuery.execute_and_compute_output_in_required_format: no peers, no query.
  if (!hasPeers(a) || !hasPeers(b)) return { result: 0, notExecuted: 1 };
  switch (type) {
    case 'equivalence':
      if (!comparable(a, b)) return { result: 1, notExecuted: 1 };
      return single(equivalent(a, b) ? 0 : 1);
    case 'strongEquivalence':
      return strongEquivalence(a, b);
    case 'twoWayContainment':
      return twoWay(a, b);
    case 'containment':
      return single(contained(a, b, ALL) ? 1 : 0);
    case 'permits':
      if (a.policies.length === 0 || !comparable(a, b)) return { result: 0, notExecuted: 1 };
      return single(contained(a, b, CAPTURED) ? 0 : 1);
    case 'forbids':
      if (a.policies.length === 0 || !comparable(a, b)) return { result: 0, notExecuted: 1 };
      if (!intersects(a, b)) return single(0);
      note(`${a.name} intersects ${b.name}`);
      return single(1);
    case 'interferes':
    case 'pairwiseInterferes': {
      if (!comparable(a, b)) return { result: 0, notExecuted: 1 };
      const [x, y] = both(a, b);
      return single(everyPair(x, y, (p, q) => connectionsContainedIn(CAPTURED(p), CAPTURED(q))) ? 0 : 1);
    }
    default:
      throw new Error(`${type} is not a pair query`);
  }
}

/** Runs one query as NetworkConfigQueryRunner does and returns its summed result. */
export function runQuery(scheme: Scheme, q: NcaQuery): QueryResult {
  const views = q.configs.map((c) => resolveConfig(scheme, c));
  let result = 0;
  let notExecuted = 0;
  const each = (v: ConfigView, f: (v: ConfigView) => number) =>
    add(hasPeers(v) ? single(f(v)) : { result: 0, notExecuted: 1 });
  const add = (r: QueryResult) => {
    result += r.result;
    notExecuted += r.notExecuted;
  };
  switch (q.type) {
    case 'vacuity':
      views.forEach((v) => each(v, (x) => (vacuous(x) ? (note(`${x.name} vacuous`), 1) : 0)));
      break;
    case 'emptiness':
      views.forEach((v) => each(v, emptiness));
      break;
    case 'redundancy':
      views.forEach((v) => each(v, redundancy));
      break;
    case 'sanity':
      views.forEach((v) => each(v, sanity));
      break;
    case 'disjointness':
      views.forEach((v) => each(v, disjointness));
      break;
    case 'connectivityMap':
      // ConnectivityMapQuery always returns 0. With an expected map, the result here is the
      // number of endpoint pairs whose connections differ from it (0 when they agree).
      views.forEach((v) =>
        each(v, (x) => (q.expectedOutput ? connectivityMapDiff(x, q.expectedOutput) : (captures(x), 0))),
      );
      break;
    case 'equivalence':
    case 'strongEquivalence':
    case 'twoWayContainment':
      if (views.length <= 1) break;
      for (let i = 0; i < views.length - 1; i++)
        for (let j = i + 1; j < views.length; j++) add(pairQuery(q.type, views[i]!, views[j]!));
      break;
    case 'containment':
    case 'permits':
    case 'forbids':
    case 'interferes':
      if (views.length <= 1) break;
      for (const v of views.slice(1)) add(pairQuery(q.type, v, views[0]!));
      break;
    case 'pairwiseInterferes':
      if (views.length <= 1) break;
      for (const a of views) for (const b of views) if (a.name !== b.name) add(pairQuery(q.type, a, b));
      break;
    default:
      throw new Error(`${q.type} is not run by this harness`);
  }
  return { result, notExecuted };
}
