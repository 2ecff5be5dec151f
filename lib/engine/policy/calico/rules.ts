// Which connections one Calico rule matches between a source and a destination.
// The rule's source entity is matched against the source and its destination
// entity against the destination, whichever side the policy applies to
// (docs.tigera.io/calico/latest/reference/resources/networkpolicy#entityrule).
// Selector scoping follows libcalico-go updateprocessors/rules.go
// getEndpointSelector: in a namespaced policy a `selector` (or a bare notSelector)
// applies within the policy's namespace unless `namespaceSelector` is given;
// namespaceSelector reads namespace labels (pcns.*), all() there means "any
// namespace", global() "no namespace"; serviceAccounts add
// `projectcalico.org/serviceaccount in {names}` and a pcsa.* selector; notSelector
// is not scoped.
//
// Not representable in the engine's connection sets (TCP, UDP, SCTP by destination
// port): ICMP, ICMPv6 and other protocols. A rule for ICMP therefore matches no
// connection here (it allows or denies no TCP/UDP/SCTP), `notProtocol: ICMP` matches
// every TCP/UDP/SCTP connection, and icmp/notICMP type and code are kept in the model
// but never decide a TCP/UDP/SCTP connection. Source ports are matched assuming the
// client uses the Linux ephemeral range 32768-60999 (net.ipv4.ip_local_port_range).

import {
  ALL_CONNECTIONS,
  NO_CONNECTIONS,
  protocolConnections,
  subtractConnections,
  unionAllConnections,
  intersectConnections,
  type ConnectionSet,
} from '../../net/connection-set';
import { intervalsOf, subtractIntervals, unionIntervals, type IntervalSet } from '../../net/interval-set';
import {
  calicoSelectorMatches,
  prefixCalicoSelector,
  type CalicoEntityRule,
  type CalicoModel,
  type CalicoPort,
  type CalicoProtocol,
  type CalicoRule,
  type CalicoSelector,
  type ClusterModel,
  type Protocol,
} from '../../../model';
import type { PeerEndpoint } from '../types';
import {
  endpointView,
  NAMESPACE_LABEL,
  NAMESPACE_PREFIX,
  SERVICE_ACCOUNT_LABEL,
  SERVICE_ACCOUNT_PREFIX,
  safeContains,
  type CalicoEndpointView,
} from './endpoints';

export const EPHEMERAL_PORTS: readonly [number, number] = [32768, 60999];

const scoped = new WeakMap<CalicoEntityRule, Map<string, CalicoSelector | null>>();

/** The selector an entity rule compiles to for a policy in `namespace` (undefined for global policies). */
export function effectiveSelector(
  entity: CalicoEntityRule,
  namespace: string | undefined,
): CalicoSelector | undefined {
  let byNs = scoped.get(entity);
  if (!byNs) scoped.set(entity, (byNs = new Map()));
  const key = namespace ?? '\u0000';
  const hit = byNs.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const parts: CalicoSelector[] = [];
  const sa = entity.serviceAccounts;
  if (sa) {
    if (sa.selector) parts.push(prefixCalicoSelector(sa.selector.ast, SERVICE_ACCOUNT_PREFIX));
    if (sa.names.length > 0) parts.push({ op: 'in', key: SERVICE_ACCOUNT_LABEL, values: sa.names });
  }
  if (entity.selector) parts.push(entity.selector.ast);
  let selector: CalicoSelector | undefined =
    parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : { op: 'and', operands: parts };
  const nsSelector: CalicoSelector | undefined = entity.namespaceSelector
    ? prefixCalicoSelector(entity.namespaceSelector.ast, NAMESPACE_PREFIX, true)
    : namespace !== undefined
      ? { op: '==', key: NAMESPACE_LABEL, value: namespace }
      : undefined;
  if (nsSelector && (selector || entity.notSelector || entity.namespaceSelector)) {
    selector = selector ? { op: 'and', operands: [nsSelector, selector] } : nsSelector;
  }
  byNs.set(key, selector ?? null);
  return selector;
}

function inNets(nets: readonly string[], ips: readonly string[]): boolean {
  return ips.some((ip) => nets.some((n) => safeContains(n, ip)));
}

/**
 * The addresses of a Service's endpoints (its EndpointSlices), for `services` matches:
 * Calico matches the endpoints' addresses (docs.tigera.io/calico/latest/reference/
 * resources/networkpolicy#serviceaccountmatch — ServiceMatch). The Service's ports are
 * not added to the rule (not modelled: a rule with `services` restricts addresses only).
 */
function serviceAddresses(model: ClusterModel, name: string, namespace: string): ReadonlySet<string> {
  let byModel = serviceAddressCache.get(model);
  if (!byModel) serviceAddressCache.set(model, (byModel = new Map()));
  const key = `${namespace}/${name}`;
  let set = byModel.get(key);
  if (!set) {
    set = new Set(
      (model.index.slicesByService.get(key) ?? []).flatMap((s) => s.endpoints.flatMap((e) => e.addresses)),
    );
    byModel.set(key, set);
  }
  return set;
}
const serviceAddressCache = new WeakMap<ClusterModel, Map<string, ReadonlySet<string>>>();

/** The endpoint satisfies the entity's selectors, nets and services (ports are separate). */
export function entityMatches(
  entity: CalicoEntityRule,
  namespace: string | undefined,
  view: CalicoEndpointView,
  model?: ClusterModel,
): boolean {
  if (entity.services && model) {
    const addresses = serviceAddresses(
      model,
      entity.services.name,
      entity.services.namespace ?? namespace ?? 'default',
    );
    if (!view.ips.some((ip) => addresses.has(ip))) return false;
  }
  const selector = effectiveSelector(entity, namespace);
  if (selector && !view.identities.some((l) => calicoSelectorMatches(selector, l))) return false;
  if (entity.notSelector && view.identities.some((l) => calicoSelectorMatches(entity.notSelector!.ast, l)))
    return false;
  if (entity.nets.length > 0 && !inNets(entity.nets, view.ips)) return false;
  // An endpoint whose address the snapshot lacks is matched by neither nets nor notNets:
  // both test the packet's address (docs.tigera.io/calico/latest/reference/resources/
  // networkpolicy#entityrule: "Match if the source IP is not in any of the nets").
  if (entity.notNets.length > 0 && (view.ips.length === 0 || inNets(entity.notNets, view.ips))) return false;
  return true;
}

const CONN_PROTOCOLS: Readonly<Record<string, Protocol>> = { TCP: 'TCP', UDP: 'UDP', SCTP: 'SCTP' };

/** IANA numbers of the protocols a connection set holds; Calico accepts a protocol as a name or its number. */
const PROTOCOL_NUMBERS: Readonly<Record<number, Protocol>> = { 6: 'TCP', 17: 'UDP', 132: 'SCTP' };

function protocolSet(p: CalicoProtocol): ConnectionSet {
  const proto = typeof p === 'string' ? CONN_PROTOCOLS[p] : PROTOCOL_NUMBERS[p];
  return proto ? protocolConnections(proto) : NO_CONNECTIONS;
}

/** Port intervals of a ports list on the destination; named ports resolve on its container ports. */
function portIntervals(
  ports: readonly CalicoPort[],
  protocol: Protocol,
  dst: PeerEndpoint,
  calico: CalicoModel,
  dstView: CalicoEndpointView,
): IntervalSet {
  let out: IntervalSet = [];
  for (const p of ports) {
    if (p.type === 'range') out = unionIntervals(out, intervalsOf([[Math.max(p.start, 1), p.end]]));
    else if (dst.type === 'pod') {
      for (const c of dst.pod.ports)
        if (c.name === p.name && c.protocol === protocol)
          out = unionIntervals(out, [[c.containerPort, c.containerPort]]);
    } else if (dstView.hostEndpoint) {
      for (const c of dstView.hostEndpoint.ports)
        if (c.name === p.name && c.protocol === protocol) out = unionIntervals(out, [[c.port, c.port]]);
    }
  }
  void calico;
  return out;
}

function srcPortsMatch(ports: readonly CalicoPort[], notPorts: readonly CalicoPort[]): boolean {
  const [lo, hi] = EPHEMERAL_PORTS;
  const covers = (list: readonly CalicoPort[]) =>
    list.some((p) => p.type === 'range' && p.start <= lo && p.end >= hi);
  const touches = (list: readonly CalicoPort[]) =>
    list.some((p) => p.type === 'range' && p.end >= lo && p.start <= hi);
  if (ports.length > 0 && !covers(ports)) return false;
  if (notPorts.length > 0 && touches(notPorts)) return false;
  return true;
}

function ipVersionMatches(version: 4 | 6 | undefined, ...views: CalicoEndpointView[]): boolean {
  if (version === undefined) return true;
  const ofVersion = (ip: string) => (version === 6 ? ip.includes(':') : !ip.includes(':'));
  return views.every((v) => v.ips.length === 0 || v.ips.some(ofVersion));
}

/**
 * The connections `rule` matches from `src` to `dst`, for a policy in `namespace`
 * (undefined: a GlobalNetworkPolicy or a profile). Empty when an entity does not match.
 */
export function calicoRuleConnections(
  model: ClusterModel,
  calico: CalicoModel,
  rule: CalicoRule,
  namespace: string | undefined,
  src: PeerEndpoint,
  dst: PeerEndpoint,
): ConnectionSet {
  const srcView = endpointView(model, calico, src);
  const dstView = endpointView(model, calico, dst);
  if (!ipVersionMatches(rule.ipVersion, srcView, dstView)) return NO_CONNECTIONS;
  if (
    !entityMatches(rule.source, namespace, srcView, model) ||
    !entityMatches(rule.destination, namespace, dstView, model)
  )
    return NO_CONNECTIONS;
  if (!srcPortsMatch(rule.source.ports, rule.source.notPorts)) return NO_CONNECTIONS;
  let conns: ConnectionSet = rule.protocol !== undefined ? protocolSet(rule.protocol) : ALL_CONNECTIONS;
  if (rule.notProtocol !== undefined) conns = subtractConnections(conns, protocolSet(rule.notProtocol));
  const { ports, notPorts } = rule.destination;
  if (ports.length > 0 || notPorts.length > 0) {
    const per = (['SCTP', 'TCP', 'UDP'] as const).map((p) => {
      let set: IntervalSet = ports.length > 0 ? portIntervals(ports, p, dst, calico, dstView) : [[1, 65535]];
      if (notPorts.length > 0) set = subtractIntervals(set, portIntervals(notPorts, p, dst, calico, dstView));
      return protocolConnections(p, set);
    });
    conns = intersectConnections(conns, unionAllConnections(per));
  }
  return conns;
}
