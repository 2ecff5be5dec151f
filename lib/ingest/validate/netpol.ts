// NetworkPolicy (networking.k8s.io/v1) and AdminNetworkPolicy /
// BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1). These decide
// verdicts, so they are checked as strictly as the API server would.

import {
  at,
  eachMap,
  eachOf,
  invalid,
  isMap,
  missing,
  optEnum,
  optInt,
  optList,
  optMap,
  optPort,
  optPortOrName,
  optProtocol,
  optString,
  type Issues,
  type Json,
} from './check';
import { checkSelector } from './common';
import { optCIDR } from './net';

const DIRECTIONS = ['Ingress', 'Egress'] as const;

export function checkNetworkPolicy(iss: Issues, obj: Json): void {
  const spec = optMap(iss, obj.spec, 'spec');
  if (!spec) return;
  checkSelector(iss, spec.podSelector, 'spec.podSelector');
  eachOf(iss, spec.policyTypes, 'spec.policyTypes', (t, p) => optEnum(iss, t, p, DIRECTIONS));
  for (const [dir, peers] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    eachMap(iss, spec[dir], at('spec', dir), (rule, rp) => {
      eachMap(iss, rule[peers], at(rp, peers), (peer, pp) => checkPeer(iss, peer, pp));
      eachMap(iss, rule.ports, at(rp, 'ports'), (port, pp) => {
        optProtocol(iss, port.protocol, at(pp, 'protocol'));
        const p = optPortOrName(iss, port.port, at(pp, 'port'));
        const end = optPort(iss, port.endPort, at(pp, 'endPort'));
        if (end !== undefined) {
          if (typeof p !== 'number') invalid(iss, at(pp, 'endPort'), 'endPort needs a numeric port');
          else if (end < p) invalid(iss, at(pp, 'endPort'), `endPort ${end} is below port ${p}`);
        }
      });
    });
  }
}

function checkPeer(iss: Issues, peer: Json, path: string): void {
  const hasPods = peer.podSelector != null || peer.namespaceSelector != null;
  checkSelector(iss, peer.podSelector, at(path, 'podSelector'));
  checkSelector(iss, peer.namespaceSelector, at(path, 'namespaceSelector'));
  const block = optMap(iss, peer.ipBlock, at(path, 'ipBlock'));
  if (block) {
    const bp = at(path, 'ipBlock');
    if (block.cidr == null) missing(iss, at(bp, 'cidr'));
    optCIDR(iss, block.cidr, at(bp, 'cidr'));
    eachOf(iss, block.except, at(bp, 'except'), (c, p) => optCIDR(iss, c, p));
    if (hasPods) invalid(iss, path, 'ipBlock cannot be combined with podSelector or namespaceSelector');
  } else if (!hasPods && peer.ipBlock == null) {
    invalid(iss, path, 'a peer needs podSelector, namespaceSelector or ipBlock');
  }
}

const ANP_ACTIONS = ['Allow', 'Deny', 'Pass'] as const;
const BANP_ACTIONS = ['Allow', 'Deny'] as const;

/** AdminNetworkPolicy (with priority) or BaselineAdminNetworkPolicy (`baseline`). */
export function checkAdminPolicy(iss: Issues, obj: Json): void {
  const baseline = obj.kind === 'BaselineAdminNetworkPolicy';
  const spec = optMap(iss, obj.spec, 'spec');
  if (!spec) {
    missing(iss, 'spec');
    return;
  }
  if (!baseline) {
    if (spec.priority == null) missing(iss, 'spec.priority');
    optInt(iss, spec.priority, 'spec.priority', 0, 1000);
  }
  checkAdminSubject(iss, spec.subject);
  for (const [dir, peers] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    eachMap(iss, spec[dir], at('spec', dir), (rule, rp) => {
      optString(iss, rule.name, at(rp, 'name'));
      if (rule.action == null) missing(iss, at(rp, 'action'));
      optEnum(iss, rule.action, at(rp, 'action'), baseline ? BANP_ACTIONS : ANP_ACTIONS);
      if (rule[peers] == null) missing(iss, at(rp, peers));
      eachMap(iss, rule[peers], at(rp, peers), (peer, pp) => checkAdminPeer(iss, peer, pp, dir === 'egress'));
      eachMap(iss, rule.ports, at(rp, 'ports'), (port, pp) => checkAdminPort(iss, port, pp));
    });
  }
}

function checkAdminSubject(iss: Issues, v: unknown): void {
  const subject = optMap(iss, v, 'spec.subject');
  if (!subject) {
    missing(iss, 'spec.subject');
    return;
  }
  const keys = Object.keys(subject).filter((k) => subject[k] != null || k === 'namespaces');
  if (keys.length !== 1 || (keys[0] !== 'namespaces' && keys[0] !== 'pods')) {
    invalid(iss, 'spec.subject', 'set exactly one of namespaces or pods');
    return;
  }
  if (keys[0] === 'namespaces') checkAdminNamespaces(iss, subject.namespaces, 'spec.subject.namespaces');
  else checkAdminPods(iss, subject.pods, 'spec.subject.pods');
}

function checkAdminPeer(iss: Issues, peer: Json, path: string, egress: boolean): void {
  const keys = Object.keys(peer);
  const allowed = egress ? ['namespaces', 'pods', 'networks', 'nodes'] : ['namespaces', 'pods'];
  if (keys.length === 1 && !egress && (keys[0] === 'networks' || keys[0] === 'nodes')) {
    invalid(iss, at(path, keys[0]), `${keys[0]} peers are only allowed in egress rules`);
    return;
  }
  if (keys.length !== 1 || !allowed.includes(keys[0] as string)) {
    invalid(iss, path, `set exactly one of ${allowed.join(', ')}`);
    return;
  }
  switch (keys[0]) {
    case 'namespaces':
      return checkAdminNamespaces(iss, peer.namespaces, at(path, 'namespaces'));
    case 'pods':
      return checkAdminPods(iss, peer.pods, at(path, 'pods'));
    case 'networks': {
      const list = optList(iss, peer.networks, at(path, 'networks'));
      if (list && list.length === 0) invalid(iss, at(path, 'networks'), 'needs at least one CIDR');
      eachOf(iss, list, at(path, 'networks'), (c, p) => optCIDR(iss, c, p));
      return;
    }
    case 'nodes':
      return checkSelector(iss, peer.nodes, at(path, 'nodes'));
  }
}

/**
 * `namespaces` is a label selector; releases before v0.1.5 wrapped it as
 * `{namespaceSelector: ...}`, which is accepted too. sameLabels / notSameLabels
 * (removed upstream) are rejected rather than silently read as "all namespaces".
 */
function checkAdminNamespaces(iss: Issues, v: unknown, path: string): void {
  if (isMap(v) && ('sameLabels' in v || 'notSameLabels' in v)) {
    invalid(iss, path, 'sameLabels / notSameLabels are not supported');
    return;
  }
  if (isMap(v) && 'namespaceSelector' in v)
    checkSelector(iss, v.namespaceSelector, at(path, 'namespaceSelector'));
  else checkSelector(iss, v, path);
}

function checkAdminPods(iss: Issues, v: unknown, path: string): void {
  const pods = optMap(iss, v, path);
  if (!pods) return;
  // An absent podSelector selects every pod, as netpol-analyzer reads it.
  checkSelector(iss, pods.podSelector, at(path, 'podSelector'));
  if (isMap(pods.namespaces) && pods.namespaceSelector === undefined) {
    checkAdminNamespaces(iss, pods.namespaces, at(path, 'namespaces'));
  } else {
    checkSelector(iss, pods.namespaceSelector, at(path, 'namespaceSelector'));
  }
}

function checkAdminPort(iss: Issues, port: Json, path: string): void {
  const keys = Object.keys(port);
  if (keys.length !== 1 || !['portNumber', 'namedPort', 'portRange'].includes(keys[0] as string)) {
    invalid(iss, path, 'set exactly one of portNumber, namedPort, portRange');
    return;
  }
  if (keys[0] === 'namedPort') {
    optPortOrName(iss, port.namedPort, at(path, 'namedPort'));
    return;
  }
  if (keys[0] === 'portNumber') {
    const pn = optMap(iss, port.portNumber, at(path, 'portNumber'));
    if (!pn) return;
    optProtocol(iss, pn.protocol, at(at(path, 'portNumber'), 'protocol'));
    if (pn.port == null) missing(iss, at(at(path, 'portNumber'), 'port'));
    optPort(iss, pn.port, at(at(path, 'portNumber'), 'port'));
    return;
  }
  const pr = optMap(iss, port.portRange, at(path, 'portRange'));
  if (!pr) return;
  const rp = at(path, 'portRange');
  optProtocol(iss, pr.protocol, at(rp, 'protocol'));
  const start = optPort(iss, pr.start, at(rp, 'start'));
  const end = optPort(iss, pr.end, at(rp, 'end'));
  if (pr.start == null) missing(iss, at(rp, 'start'));
  if (pr.end == null) missing(iss, at(rp, 'end'));
  if (start !== undefined && end !== undefined && end < start)
    invalid(iss, at(rp, 'end'), `end ${end} is below start ${start}`);
}
