// The allowed connections of an NCA network config, computed with packetpath's engine:
// every config goes through the real ingest path (objects → Snapshot → model) and every
// ordered pair of endpoints through `decideDirection`, the decision function behind
// `evaluateConnection` / `allowedConnections` (trace and reach).
//
// Endpoints are NCA's peers (nca/NetworkConfig/PeerContainer.py): the pods (and
// WorkloadEndpoints as pods), the HostEndpoints, and the address space cut at every CIDR
// the policies name, so that every address of a range is matched by the same rules (its
// first address stands for it). IP to IP pairs are not connections
// (NetworkConfig.filter_conns_by_peer_types).
//
// For every pair two sets are kept, as in NCA's NetworkLayer.allowed_connections:
// - `all`: egress at the source ∩ ingress at the destination (`all_allowed_conns`);
// - `captured`: the part some policy allowed explicitly in one direction while the other
//   direction allows it explicitly or by default (`allowed_conns`). A direction's explicit
//   part is what a policy rule decided (any segment but the default one).

import { loadModel, snapshotFromObjects } from '../../../lib/ingest';
import { decideDirection, type PeerEndpoint } from '../../../lib/engine/policy';
import {
  ALL_CONNECTIONS,
  NO_CONNECTIONS,
  intersectConnections,
  isEmptyConnections,
  bigIntToIPv6,
  ipv4CidrInterval,
  ipv6CidrInterval,
  isIP,
  isIPv4Cidr,
  isIPv6Cidr,
  ipv4ToNumber,
  numberToIPv4,
  unionAllConnections,
  unionConnections,
  type ConnectionSet,
  type IPv6Interval,
  type Interval,
} from '../../../lib/engine/net';
import { cutIPv6Ranges, cutRanges } from '../../../lib/engine/reach/ip-ranges';
import type { ClusterModel, KubeObject } from '../../../lib/model/types';
import type { NcaConfig, NcaPolicy } from './scheme';

/** A network config as this harness evaluates it: its topology and a list of policies. */
export interface ConfigView {
  readonly name: string;
  readonly base: NcaConfig;
  readonly policies: readonly NcaPolicy[];
}

export const viewOf = (config: NcaConfig): ConfigView => ({
  name: config.name,
  base: config,
  policies: config.policies,
});

const models = new WeakMap<readonly NcaPolicy[], Map<NcaConfig, ClusterModel>>();

export function modelOf(view: ConfigView): ClusterModel {
  let byBase = models.get(view.policies);
  if (!byBase) models.set(view.policies, (byBase = new Map()));
  const hit = byBase.get(view.base);
  if (hit) return hit;
  const objects: KubeObject[] = [
    ...view.base.namespaces,
    ...view.base.pods,
    ...view.base.hostEndpoints.map(addressed),
    ...view.base.networkSets,
    ...view.base.profiles,
    ...view.policies.map((p) => p.object),
  ];
  // The objects are already parsed (readDocuments); only validation and the model are
  // built here, so every probe of a policy costs a model, not a parse.
  const parsed = {
    objects,
    origins: objects.map((_, item) => ({ file: `nca:${view.name}`, item })),
    warnings: [],
  };
  const model = loadModel(snapshotFromObjects([parsed], { kind: 'files', title: view.name }).snapshot);
  byBase.set(view.base, model);
  return model;
}

/**
 * packetpath finds a host endpoint by address (`spec.expectedIPs`). NCA's HostEndpoints
 * have none, or share them (testcase18's hep1 and hep2 both list 192.168.0.1-2), and NCA
 * never matches a HostEndpoint by address (a HostEP is not an IpBlock in
 * nca/CoreDS/Peer.py). So each gets one address of its own from TEST-NET-1 (RFC 5737,
 * 192.0.2.0/24), in file order, in place of its expectedIPs.
 */
export function hostEndpointIP(index: number): string {
  return `192.0.2.${index + 1}`;
}

function addressed(hep: KubeObject, index: number): KubeObject {
  const spec = ((hep as unknown as { spec?: Record<string, unknown> }).spec ?? {}) as Record<string, unknown>;
  return { ...hep, spec: { ...spec, expectedIPs: [hostEndpointIP(index)] } } as unknown as KubeObject;
}

/** Every string in a policy that is an address block (ipBlock cidr/except, Calico nets/notNets, ...). */
function cidrsIn(value: unknown, out: string[]): string[] {
  if (typeof value === 'string') {
    const s = value.trim();
    if (isIPv4Cidr(s)) out.push(s);
    else if (/^\d+\.\d+\.\d+\.\d+$/.test(s)) out.push(`${s}/32`);
  } else if (Array.isArray(value)) for (const v of value) cidrsIn(v, out);
  else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) cidrsIn(v, out);
  return out;
}

const IPV6 = /(^|[^\w])[0-9a-fA-F]{0,4}::?[0-9a-fA-F:]*\/\d+/;

/** Every IPv6 block or address in a policy or network set. */
function cidrsV6In(value: unknown, out: string[]): string[] {
  if (typeof value === 'string') {
    const s = value.trim();
    if (isIPv6Cidr(s)) out.push(s);
    else if (isIP(s) && s.includes(':')) out.push(`${s}/128`);
  } else if (Array.isArray(value)) for (const v of value) cidrsV6In(v, out);
  else if (typeof value === 'object' && value !== null)
    for (const v of Object.values(value)) cidrsV6In(v, out);
  return out;
}

/**
 * The IPv6 space cut at every IPv6 block the policies of the given configs name, or nothing
 * when none does: NCA adds the IPv6 range to its peers only then (nca/NetworkConfig/
 * PeerContainer.py and the `excludeIPv6Range` option, nca/NetworkConfig/NetworkConfigQuery.py).
 */
export function addressRangesV6(views: readonly ConfigView[]): IPv6Interval[] {
  if (!referencesIPv6(views)) return [];
  const blocks = views.flatMap((v) => [
    ...v.policies.flatMap((p) => cidrsV6In((p.object as { spec?: unknown }).spec, [])),
    ...v.base.networkSets.flatMap((n) => cidrsV6In((n as { spec?: unknown }).spec, [])),
  ]);
  return cutIPv6Ranges(blocks.map((c) => [ipv6CidrInterval(c)]));
}

/** Whether some policy names an IPv6 block (NCA then adds the IPv6 space to its peers: excludeIPv6Range). */
export function referencesIPv6(views: readonly ConfigView[]): boolean {
  return views.some((v) =>
    v.policies.some((p) => IPV6.test(JSON.stringify((p.object as { spec?: unknown }).spec ?? {}))),
  );
}

/** The IPv4 space cut at every block the policies of the given configs name. */
export function addressRanges(views: readonly ConfigView[], extra: readonly Interval[] = []): Interval[] {
  const blocks = views.flatMap((v) => [
    ...v.policies.flatMap((p) => cidrsIn((p.object as { spec?: unknown }).spec, [])),
    ...v.base.networkSets.flatMap((n) => cidrsIn((n as { spec?: unknown }).spec, [])),
  ]);
  return cutRanges([...blocks.map((c) => [ipv4CidrInterval(c)]), ...extra.map((r) => [r])]);
}

export interface Endpoint {
  readonly id: string;
  readonly kind: 'pod' | 'hep' | 'ip';
}

/** Every pod (`ns/name`) and HostEndpoint (`hep:<index>:<name>`) of a config: NCA's peers. */
export function peerIdsOf(view: ConfigView): string[] {
  return [
    ...view.base.pods.map((p) => `${p.metadata.namespace ?? 'default'}/${p.metadata.name}`),
    ...view.base.hostEndpoints.map((h, i) => `hep:${i}:${h.metadata.name}`),
  ];
}

type Json = Record<string, unknown>;

/**
 * The endpoints a comparison goes over: one pod per class of pods no rule can tell apart
 * (same namespace, labels, service account, named ports, and address range), every
 * HostEndpoint, and one address per range. Two pods of a class have the same connections
 * to and from every endpoint, so comparing the classes compares the pods.
 */
export function endpointsOf(
  view: ConfigView,
  ranges: readonly Interval[],
  everyPod = false,
  rangesV6: readonly IPv6Interval[] = [],
): Endpoint[] {
  const rangeOf = (ip: string | undefined) =>
    ip && isIPv4Cidr(`${ip}/32`)
      ? ranges.findIndex((r) => r[0] <= ipv4ToNumber(ip) && ipv4ToNumber(ip) <= r[1])
      : -1;
  const classes = new Set<string>();
  const pods: Endpoint[] = [];
  for (const p of view.base.pods) {
    const spec = ((p as unknown as { spec?: Json }).spec ?? {}) as Json;
    const ip = (p as unknown as { status?: { podIP?: string } }).status?.podIP;
    const labels = Object.entries(p.metadata.labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const ports = (Array.isArray(spec.containers) ? spec.containers : []).map((c) => (c as Json).ports ?? []);
    const key = JSON.stringify([
      p.metadata.namespace ?? 'default',
      labels,
      spec.serviceAccountName ?? '',
      ports,
      rangeOf(ip),
    ]);
    if (classes.has(key) && !everyPod) continue;
    classes.add(key);
    pods.push({ id: `${p.metadata.namespace ?? 'default'}/${p.metadata.name}`, kind: 'pod' });
  }
  const heps = view.base.hostEndpoints.map((h, i) => ({
    id: `hep:${i}:${h.metadata.name}`,
    kind: 'hep' as const,
  }));
  // A range stands by an address that is no pod's and no host endpoint's.
  const taken = new Set<number>(view.base.hostEndpoints.map((_, i) => ipv4ToNumber(hostEndpointIP(i))));
  for (const p of view.base.pods) {
    const ip = (p as unknown as { status?: { podIP?: string } }).status?.podIP;
    if (ip && isIPv4Cidr(`${ip}/32`)) taken.add(ipv4ToNumber(ip));
  }
  const ips = ranges.map((r) => {
    let a = r[0];
    while (taken.has(a) && a < r[1]) a++;
    return { id: `ip:${numberToIPv4(a)}`, kind: 'ip' as const };
  });
  // The pods here have IPv4 addresses only, so an IPv6 range stands by its first address.
  const ipsV6 = rangesV6.map((r) => ({ id: `ip:${bigIntToIPv6(r[0])}`, kind: 'ip' as const }));
  return [...pods, ...heps, ...ips, ...ipsV6];
}

/**
 * The engine's endpoint for an id. HostEndpoints are looked up through the model's
 * `hostEndpoints` when the engine models them; until then they cannot be evaluated.
 */
function engineEndpoint(model: ClusterModel, e: Endpoint): PeerEndpoint {
  if (e.kind === 'ip') return { type: 'ip', ip: e.id.slice(3) };
  if (e.kind === 'pod') {
    const pod = model.pods.get(e.id);
    if (!pod) throw new Error(`no pod ${e.id} in the model`);
    return { type: 'pod', pod };
  }
  return { type: 'ip', ip: hostEndpointIP(Number(e.id.split(':')[1])) };
}

export interface PairConns {
  readonly all: ConnectionSet;
  readonly captured: ConnectionSet;
}

/**
 * The connections of one config over a fixed list of endpoints, computed pair by pair on
 * demand and remembered, so a comparison that finds a difference early stops there.
 */
export interface Connectivity {
  readonly endpoints: readonly Endpoint[];
  /** Connections from endpoint i to endpoint j (nothing for IP to IP). */
  pair(i: number, j: number): PairConns;
}

/**
 * What a policy allowed: any allowing segment but the default; a profile's allow counts
 * only when some policy selected the subject (it got there by a Pass), since NCA treats
 * profiles as the default of endpoints no policy captures (K8sCalicoNetworkLayer).
 */
function explicitAllowed(decision: ReturnType<typeof decideDirection>): ConnectionSet {
  const explicit = (s: (typeof decision.segments)[number]) =>
    s.allowed && s.tier !== 'default' && (s.tier !== 'profile' || decision.isolated);
  return unionAllConnections(decision.segments.filter(explicit).map((s) => s.conns));
}

const cache = new WeakMap<ClusterModel, Map<string, Connectivity>>();

export function connectivity(view: ConfigView, endpoints: readonly Endpoint[]): Connectivity {
  const model = modelOf(view);
  const key = endpoints.map((e) => e.id).join(',');
  let byKey = cache.get(model);
  if (!byKey) cache.set(model, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit) return hit;
  const eps = endpoints.map((e) => engineEndpoint(model, e));
  const n = endpoints.length;
  const memo: (PairConns | undefined)[] = new Array(n * n);
  const pair = (i: number, j: number): PairConns => {
    const k = i * n + j;
    const hit = memo[k];
    if (hit) return hit;
    let result = EMPTY_PAIR;
    if (endpoints[i]!.kind !== 'ip' || endpoints[j]!.kind !== 'ip') {
      const egress = decideDirection(model, eps[i]!, eps[j]!, 'Egress', ALL_CONNECTIONS);
      const ingress = decideDirection(model, eps[i]!, eps[j]!, 'Ingress', ALL_CONNECTIONS);
      const all = intersectConnections(egress.allowed, ingress.allowed);
      if (!isEmptyConnections(all)) {
        const captured = intersectConnections(
          unionConnections(
            intersectConnections(explicitAllowed(ingress), egress.allowed),
            intersectConnections(explicitAllowed(egress), ingress.allowed),
          ),
          all,
        );
        result = { all, captured };
      }
    }
    memo[k] = result;
    return result;
  };
  const result = { endpoints, pair };
  byKey.set(key, result);
  return result;
}

export const EMPTY_PAIR: PairConns = { all: NO_CONNECTIONS, captured: NO_CONNECTIONS };

/** Whether `test` holds for every ordered pair of endpoints (both configs over the same endpoints). */
export function everyPair(
  x: Connectivity,
  y: Connectivity,
  test: (a: PairConns, b: PairConns) => boolean,
  focus?: ReadonlySet<string>,
  onFail?: (i: number, j: number) => void,
): boolean {
  const n = x.endpoints.length;
  const inFocus = x.endpoints.map((e) => !focus || focus.has(e.id));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (!inFocus[i] && !inFocus[j]) continue;
      if (!test(x.pair(i, j), y.pair(i, j))) {
        onFail?.(i, j);
        return false;
      }
    }
  }
  return true;
}
