// The parts of a Cilium verdict that L3/L4 evaluation cannot settle:
//   - L7 rules (toPorts[].rules: http, dns, kafka) send the connection through the
//     node's Envoy / DNS proxy, which checks each request (docs.cilium.io
//     security/policy/language "Layer 7 Examples"). HTTP rules are extended regexes
//     matched against the whole method, path and Host, plus required headers; a
//     request matching no rule gets 403 Access Denied from the proxy. A rule that
//     allows the same peer and port without L7 rules lets every request through (the
//     L7 policies of one port are merged, an L4-only allow acting as a wildcard).
//   - toFQDNs rules match the addresses DNS returned for the names, learned by the DNS
//     proxy at run time ("DNS based"): a snapshot holds no such answers.

import { containsConnection } from '../../net/connection-set';
import type { CiliumHTTPRule, CiliumPolicy, CiliumRule } from '../../../model/cilium';
import type { ClusterModel, Pod, PolicyDirection, Protocol } from '../../../model/types';
import type { PeerEndpoint, PolicyRuleRef } from '../types';
import { peerIdentity } from './identity';
import { ciliumRuleMatches, portRuleConnections } from './match';
import { ciliumLists, ciliumRef, ciliumSelecting } from './stage';

export interface L7Request {
  readonly method: string;
  /** Path with the query string, as Envoy's `:path` holds it. */
  readonly path: string;
  /** Lowercase header name → value. */
  readonly headers: ReadonlyMap<string, string>;
  readonly host?: string;
}

export interface L7RuleSet {
  readonly ref: PolicyRuleRef;
  /** Field path of the toPorts entry: `spec.ingress[0].toPorts[0]`. */
  readonly field: string;
  readonly http?: readonly CiliumHTTPRule[];
  readonly dns?: ReadonlyArray<{ readonly matchName?: string; readonly matchPattern?: string }>;
  readonly kafka?: ReadonlyArray<Readonly<Record<string, string>>>;
}

export interface L7Decision {
  /** The toPorts entries with L7 rules that cover this peer and port. */
  readonly rules: readonly L7RuleSet[];
  /** A matching allow rule covers the port without L7 rules: requests are not filtered. */
  readonly unrestricted: boolean;
  /** With a request and HTTP rules: the rule that admits it, or undefined (403). */
  readonly httpMatch?: { readonly set: L7RuleSet; readonly index: number } | null;
}

function fullMatch(pattern: string | undefined, value: string | undefined): boolean {
  if (pattern === undefined || pattern === '') return true;
  if (value === undefined) return false;
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return false;
  }
}

/** One HTTP rule admits the request: method, path, host by full regex match; every header present (with the value, when given). */
export function httpRuleMatches(rule: CiliumHTTPRule, req: L7Request): boolean {
  if (
    !fullMatch(rule.method, req.method) ||
    !fullMatch(rule.path, req.path) ||
    !fullMatch(rule.host, req.host)
  )
    return false;
  return rule.headers.every((h) => {
    const colon = h.indexOf(':');
    const name = (colon < 0 ? h : h.slice(0, colon)).trim().toLowerCase();
    const value = req.headers.get(name);
    if (value === undefined) return false;
    return colon < 0 || value === h.slice(colon + 1).trim();
  });
}

/** Describes an HTTP rule as written: `GET /healthz`, `any method /api/.*`. */
export function describeHTTPRule(rule: CiliumHTTPRule): string {
  const parts = [rule.method ?? 'any method', rule.path ?? 'any path'];
  if (rule.host) parts.push(`host ${rule.host}`);
  if (rule.headers.length) parts.push(`headers ${rule.headers.join(', ')}`);
  return parts.join(' ');
}

/**
 * The L7 side of the Cilium allow rules at `subject` for one connection. Undefined when
 * the model holds no Cilium policy selecting the subject for the direction.
 */
export function ciliumL7(
  model: ClusterModel,
  subject: Pod,
  peer: PeerEndpoint,
  dst: PeerEndpoint,
  direction: PolicyDirection,
  protocol: Protocol,
  port: number,
  request?: L7Request,
): L7Decision | undefined {
  const policies = ciliumSelecting(model, { type: 'pod', pod: subject }, direction);
  if (policies.length === 0) return undefined;
  const id = peerIdentity(model, peer, subject.nodeName);
  const rules: L7RuleSet[] = [];
  let unrestricted = false;
  for (const policy of policies) {
    const { allow, allowList } = ciliumLists(policy, direction);
    allow.forEach((rule, index) => {
      if (!ciliumRuleMatches(model, rule, id)) return;
      if (rule.toPorts.length === 0) {
        if (rule.icmps.length === 0) unrestricted = true;
        return;
      }
      for (const pr of rule.toPorts) {
        if (!containsConnection(portRuleConnections(pr.ports, dst), protocol, port)) continue;
        const r = pr.rules;
        if (!r || (!r.http?.length && !r.dns?.length && !r.kafka?.length)) {
          unrestricted = true;
          continue;
        }
        rules.push({
          ref: ciliumRef(policy, direction, allowList, index, 'Allow'),
          field: pr.field,
          ...(r.http?.length ? { http: r.http } : {}),
          ...(r.dns?.length ? { dns: r.dns } : {}),
          ...(r.kafka?.length ? { kafka: r.kafka } : {}),
        });
      }
    });
  }
  const httpSets = rules.filter((s) => s.http);
  let httpMatch: L7Decision['httpMatch'];
  if (request && httpSets.length > 0 && !unrestricted) {
    httpMatch = null;
    for (const set of httpSets) {
      const index = set.http!.findIndex((h) => httpRuleMatches(h, request));
      if (index >= 0) {
        httpMatch = { set, index };
        break;
      }
    }
  }
  return { rules, unrestricted, ...(httpMatch !== undefined ? { httpMatch } : {}) };
}

export interface FqdnRule {
  readonly policy: CiliumPolicy;
  readonly ref: PolicyRuleRef;
  readonly rule: CiliumRule;
  readonly names: readonly string[];
}

/**
 * Egress rules of the policies selecting `subject` that select by DNS name and whose
 * ports cover the connection. Only an address outside the cluster can be a toFQDNs
 * answer the rule matches (names resolve to world identities).
 */
export function ciliumFqdnRules(
  model: ClusterModel,
  subject: Pod,
  peer: PeerEndpoint,
  protocol: Protocol,
  port: number,
): FqdnRule[] {
  const id = peerIdentity(model, peer, subject.nodeName);
  if (!id.world) return [];
  const out: FqdnRule[] = [];
  for (const policy of ciliumSelecting(model, { type: 'pod', pod: subject }, 'Egress')) {
    policy.egress.forEach((rule, index) => {
      const names = rule.peers.flatMap((p) =>
        p.type === 'fqdn' ? [p.matchName ?? p.matchPattern ?? ''] : [],
      );
      if (names.length === 0) return;
      const covers =
        rule.toPorts.length === 0 ||
        rule.toPorts.some((pr) => containsConnection(portRuleConnections(pr.ports, peer), protocol, port));
      if (covers)
        out.push({ policy, ref: ciliumRef(policy, 'Egress', 'egress', index, 'Allow'), rule, names });
    });
  }
  return out;
}
