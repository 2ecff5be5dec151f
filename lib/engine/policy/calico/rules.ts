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
// Protocols, ICMP type/code and ports are dimensions of the connection set
// (lib/engine/net/connection-set.ts): `protocol` / `notProtocol` name or number any IP
// protocol, `icmp` / `notICMP` a type and code of ICMP or ICMPv6, and `ports` / `notPorts`
// under `source` and `destination` the source and destination ports
// (docs.tigera.io/calico/latest/reference/resources/networkpolicy#rule, #icmp, #ports).

import {
  ALL_CONNECTIONS,
  ALL_PORTS,
  NO_CONNECTIONS,
  PROTOCOL_NUMBER,
  icmpConnections,
  intersectConnections,
  protocolConnections,
  protocolNumberConnections,
  subtractConnections,
  unionAllConnections,
  type ConnectionSet,
  type PortProtocol,
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
  type CalicoICMP,
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

/** Every connection of a protocol, given by name or number. */
function protocolSet(p: CalicoProtocol): ConnectionSet {
  return protocolNumberConnections(typeof p === 'number' ? p : PROTOCOL_NUMBER[p]);
}

/** The ICMP messages an `icmp` / `notICMP` names (no type: all; no code: every code of the type). */
function icmpSet(protocol: CalicoProtocol | undefined, icmp: CalicoICMP): ConnectionSet {
  if (protocol !== 'ICMP' && protocol !== 'ICMPv6') return NO_CONNECTIONS;
  return icmpConnections(protocol, icmp.type, icmp.code);
}

/** Port intervals of a ports list on the destination; named ports resolve on its container ports. */
function portIntervals(
  ports: readonly CalicoPort[],
  protocol: PortProtocol,
  dst: PeerEndpoint,
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
  return out;
}

/** The ports an entity's `ports` / `notPorts` allow for one protocol (neither: every port). */
function entityPorts(
  entity: CalicoEntityRule,
  protocol: PortProtocol,
  endpoint: PeerEndpoint,
  view: CalicoEndpointView,
): IntervalSet {
  let set = entity.ports.length > 0 ? portIntervals(entity.ports, protocol, endpoint, view) : ALL_PORTS;
  if (entity.notPorts.length > 0)
    set = subtractIntervals(set, portIntervals(entity.notPorts, protocol, endpoint, view));
  return set;
}

const hasPorts = (e: CalicoEntityRule) => e.ports.length > 0 || e.notPorts.length > 0;
const PORT_PROTOCOLS: readonly PortProtocol[] = ['SCTP', 'TCP', 'UDP', 'UDPLite'];

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
  let conns: ConnectionSet = rule.protocol !== undefined ? protocolSet(rule.protocol) : ALL_CONNECTIONS;
  if (rule.notProtocol !== undefined) conns = subtractConnections(conns, protocolSet(rule.notProtocol));
  if (rule.icmp) conns = intersectConnections(conns, icmpSet(rule.protocol, rule.icmp));
  if (rule.notICMP) conns = subtractConnections(conns, icmpSet(rule.protocol, rule.notICMP));
  if (hasPorts(rule.source) || hasPorts(rule.destination)) {
    // Named source ports resolve on the source endpoint, named destination ports on the destination.
    const per = PORT_PROTOCOLS.map((p) =>
      protocolConnections(
        p,
        entityPorts(rule.destination, p, dst, dstView),
        entityPorts(rule.source, p, src, srcView),
      ),
    );
    conns = intersectConnections(conns, unionAllConnections(per));
  }
  return conns;
}
