// NetworkPolicy and AdminNetworkPolicy / BaselineAdminNetworkPolicy → normalized
// model policies, with every API default made explicit.

import { objectKey } from '../../model/keys';
import type {
  AdminAction,
  AdminNetworkPolicy,
  AdminPeer,
  AdminPort,
  AdminRule,
  AdminSubject,
  KubeObject,
  LabelSelector,
  NetworkPolicy,
  Origin,
  PolicyDirection,
  PolicyPeer,
  PolicyPort,
  PolicyRule,
} from '../../model/types';
import { map, maps, nameOf, namespaceOf, num, protocol, selector, str, strings, type Json } from './util';

function policyPeer(p: Json): PolicyPeer {
  const block = map(p.ipBlock);
  if (block)
    return { type: 'ipBlock', ipBlock: { cidr: str(block.cidr) ?? '', except: strings(block.except) } };
  // null / absent selectors stay absent: "podSelector alone = same namespace".
  return {
    type: 'pods',
    ...(p.podSelector != null ? { podSelector: selector(p.podSelector) } : {}),
    ...(p.namespaceSelector != null ? { namespaceSelector: selector(p.namespaceSelector) } : {}),
  };
}

function policyPort(p: Json): PolicyPort {
  const port = p.port;
  const endPort = num(p.endPort);
  return {
    protocol: protocol(p.protocol),
    ...(typeof port === 'number' || typeof port === 'string' ? { port } : {}),
    ...(endPort !== undefined ? { endPort } : {}),
  };
}

function policyRules(v: unknown, peersKey: 'from' | 'to'): PolicyRule[] {
  return maps(v).map((r) => ({
    peers: maps(r[peersKey]).map(policyPeer),
    ports: maps(r.ports).map(policyPort),
  }));
}

/**
 * policyTypes when omitted: Ingress, plus Egress when the policy has egress rules
 * (the API server's defaulting).
 */
export function normalizeNetworkPolicy(o: KubeObject, origin: Origin): NetworkPolicy {
  const namespace = namespaceOf(o);
  const name = nameOf(o);
  const spec = map(o.spec) ?? {};
  const ingress = policyRules(spec.ingress, 'from');
  const egress = policyRules(spec.egress, 'to');
  const declared = Array.isArray(spec.policyTypes)
    ? (strings(spec.policyTypes) as PolicyDirection[])
    : undefined;
  const policyTypes: PolicyDirection[] = declared
    ? [...new Set(declared)]
    : egress.length > 0
      ? ['Ingress', 'Egress']
      : ['Ingress'];
  return {
    key: objectKey(namespace, name),
    namespace,
    name,
    podSelector: selector(spec.podSelector),
    policyTypes,
    policyTypesInferred: !declared,
    ingress,
    egress,
    origin,
  };
}

/** `namespaces` is a selector; before v0.1.5 it was `{namespaceSelector: ...}`. */
function adminNamespaces(v: unknown): LabelSelector {
  const m = map(v);
  return m && 'namespaceSelector' in m ? selector(m.namespaceSelector) : selector(v);
}

function adminPods(v: unknown): { namespaceSelector: LabelSelector; podSelector: LabelSelector } {
  const m = map(v) ?? {};
  const namespaceSelector =
    m.namespaceSelector === undefined && map(m.namespaces)
      ? adminNamespaces(m.namespaces)
      : selector(m.namespaceSelector);
  return { namespaceSelector, podSelector: selector(m.podSelector) };
}

function adminSubject(v: unknown): AdminSubject {
  const m = map(v) ?? {};
  if ('pods' in m && m.pods != null) return { type: 'pods', ...adminPods(m.pods) };
  return { type: 'namespaces', namespaceSelector: adminNamespaces(m.namespaces) };
}

function adminPeer(p: Json): AdminPeer {
  if ('pods' in p) return { type: 'pods', ...adminPods(p.pods) };
  if ('networks' in p) return { type: 'networks', cidrs: strings(p.networks) };
  if ('nodes' in p) return { type: 'nodes', nodeSelector: selector(p.nodes) };
  return { type: 'namespaces', namespaceSelector: adminNamespaces(p.namespaces) };
}

function adminPort(p: Json): AdminPort {
  if (typeof p.namedPort === 'string') return { type: 'namedPort', name: p.namedPort };
  const range = map(p.portRange);
  if (range)
    return {
      type: 'portRange',
      protocol: protocol(range.protocol),
      start: num(range.start) ?? 1,
      end: num(range.end) ?? 65535,
    };
  const pn = map(p.portNumber) ?? {};
  return { type: 'portNumber', protocol: protocol(pn.protocol), port: num(pn.port) ?? 0 };
}

function adminRules(v: unknown, peersKey: 'from' | 'to'): AdminRule[] {
  return maps(v).map((r) => {
    const name = str(r.name);
    return {
      ...(name ? { name } : {}),
      action: (str(r.action) ?? 'Deny') as AdminAction,
      peers: maps(r[peersKey]).map(adminPeer),
      ...(Array.isArray(r.ports) ? { ports: maps(r.ports).map(adminPort) } : {}),
    };
  });
}

export function normalizeAdminPolicy(o: KubeObject, origin: Origin): AdminNetworkPolicy {
  const spec = map(o.spec) ?? {};
  const baseline = o.kind === 'BaselineAdminNetworkPolicy';
  const priority = num(spec.priority);
  return {
    tier: baseline ? 'baseline' : 'admin',
    name: nameOf(o),
    ...(!baseline && priority !== undefined ? { priority } : {}),
    subject: adminSubject(spec.subject),
    ingress: adminRules(spec.ingress, 'from'),
    egress: adminRules(spec.egress, 'to'),
    origin,
  };
}
