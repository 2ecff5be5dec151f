// ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2): the network-policy-api
// successor of AdminNetworkPolicy / BaselineAdminNetworkPolicy, one kind with
// `spec.tier: Admin | Baseline`. Shapes follow kubernetes-sigs/network-policy-api
// apis/v1alpha2/clusternetworkpolicy_types.go.

import {
  at,
  eachMap,
  eachOf,
  invalid,
  missing,
  optEnum,
  optInt,
  optList,
  optMap,
  optPort,
  optString,
  type Issues,
  type Json,
} from './check';
import { checkSelector } from './common';
import { optCIDR } from './net';

const TIERS = ['Admin', 'Baseline'] as const;
const ACTIONS = ['Accept', 'Deny', 'Pass'] as const;

function exactlyOne(iss: Issues, m: Json, path: string, allowed: readonly string[]): string | undefined {
  const keys = Object.keys(m).filter((k) => m[k] != null);
  if (keys.length !== 1 || !allowed.includes(keys[0]!)) {
    return invalid(iss, path, `set exactly one of ${allowed.join(', ')}`);
  }
  return keys[0];
}

function checkPods(iss: Issues, v: unknown, path: string): void {
  const pods = optMap(iss, v, path);
  if (!pods) return;
  if (pods.podSelector == null) missing(iss, at(path, 'podSelector'));
  checkSelector(iss, pods.podSelector, at(path, 'podSelector'));
  checkSelector(iss, pods.namespaceSelector, at(path, 'namespaceSelector'));
}

function checkPeer(iss: Issues, peer: Json, path: string, egress: boolean): void {
  const allowed = egress
    ? ['namespaces', 'pods', 'nodes', 'networks', 'domainNames']
    : ['namespaces', 'pods'];
  const key = exactlyOne(iss, peer, path, allowed);
  switch (key) {
    case 'namespaces':
    case 'nodes':
      return checkSelector(iss, peer[key], at(path, key));
    case 'pods':
      return checkPods(iss, peer.pods, at(path, 'pods'));
    case 'networks': {
      const list = optList(iss, peer.networks, at(path, 'networks'));
      if (list && list.length === 0) invalid(iss, at(path, 'networks'), 'needs at least one CIDR');
      return eachOf(iss, list, at(path, 'networks'), (c, p) => optCIDR(iss, c, p));
    }
    case 'domainNames':
      return eachOf(iss, peer.domainNames, at(path, 'domainNames'), (d, p) => optString(iss, d, p));
  }
}

function checkProtocol(iss: Issues, proto: Json, path: string): void {
  const key = exactlyOne(iss, proto, path, ['tcp', 'udp', 'sctp', 'destinationNamedPort']);
  if (key === undefined) return;
  if (key === 'destinationNamedPort') return void optString(iss, proto.destinationNamedPort, at(path, key));
  const pp = at(path, key);
  const p = optMap(iss, proto[key], pp);
  if (!p) return;
  if (p.destinationPort == null) return void missing(iss, at(pp, 'destinationPort'));
  const dp = optMap(iss, p.destinationPort, at(pp, 'destinationPort'));
  if (!dp) return;
  const dpp = at(pp, 'destinationPort');
  const which = exactlyOne(iss, dp, dpp, ['number', 'range']);
  if (which === 'number') optPort(iss, dp.number, at(dpp, 'number'));
  if (which === 'range') {
    const r = optMap(iss, dp.range, at(dpp, 'range'));
    if (!r) return;
    const rp = at(dpp, 'range');
    if (r.start == null) missing(iss, at(rp, 'start'));
    if (r.end == null) missing(iss, at(rp, 'end'));
    const start = optPort(iss, r.start, at(rp, 'start'));
    const end = optPort(iss, r.end, at(rp, 'end'));
    if (start !== undefined && end !== undefined && end <= start)
      invalid(iss, at(rp, 'end'), `end ${end} must be greater than start ${start}`);
  }
}

export function checkClusterNetworkPolicy(iss: Issues, obj: Json): void {
  const spec = optMap(iss, obj.spec, 'spec');
  if (!spec) return void missing(iss, 'spec');
  if (spec.tier == null) missing(iss, 'spec.tier');
  optEnum(iss, spec.tier, 'spec.tier', TIERS);
  if (spec.priority == null) missing(iss, 'spec.priority');
  optInt(iss, spec.priority, 'spec.priority', 0, 1000);
  const subject = optMap(iss, spec.subject, 'spec.subject');
  if (!subject) missing(iss, 'spec.subject');
  else {
    const key = exactlyOne(iss, subject, 'spec.subject', ['namespaces', 'pods']);
    if (key === 'namespaces') checkSelector(iss, subject.namespaces, 'spec.subject.namespaces');
    if (key === 'pods') checkPods(iss, subject.pods, 'spec.subject.pods');
  }
  for (const [dir, peers] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    eachMap(iss, spec[dir], at('spec', dir), (rule, rp) => {
      optString(iss, rule.name, at(rp, 'name'));
      if (rule.action == null) missing(iss, at(rp, 'action'));
      optEnum(iss, rule.action, at(rp, 'action'), ACTIONS);
      const list = optList(iss, rule[peers], at(rp, peers));
      if (!list || list.length === 0) missing(iss, at(rp, peers), 'needs at least one peer');
      eachMap(iss, rule[peers], at(rp, peers), (peer, pp) => checkPeer(iss, peer, pp, dir === 'egress'));
      if (
        dir === 'egress' &&
        rule.action !== 'Accept' &&
        Array.isArray(rule.to) &&
        rule.to.some((p) => typeof p === 'object' && p !== null && 'domainNames' in p)
      ) {
        invalid(iss, at(rp, 'to'), 'domainNames peers are only allowed in Accept rules');
      }
      eachMap(iss, rule.protocols, at(rp, 'protocols'), (proto, pp) => checkProtocol(iss, proto, pp));
    });
  }
}
