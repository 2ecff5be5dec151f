// CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy (cilium.io/v2) and
// CiliumCIDRGroup (cilium.io/v2alpha1, v2). Field names follow cilium/cilium
// pkg/policy/api (rule.go, ingress.go, egress.go, l4.go, http.go, fqdn.go, cidr.go);
// a field the engine would otherwise misread is rejected with its path.

import { CILIUM_ENTITIES, ciliumIcmpType } from '../../model/cilium';
import {
  at,
  eachMap,
  eachOf,
  invalid,
  isMap,
  missing,
  optBool,
  optEnum,
  optInt,
  optList,
  optMap,
  optPort,
  optString,
  optStringList,
  wrongType,
  type Issues,
  type Json,
} from './check';
import { checkSelector } from './common';
import { isCIDR, isIP } from './net';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP', 'ANY'] as const;

const INGRESS_PEERS = [
  'fromEndpoints',
  'fromCIDR',
  'fromCIDRSet',
  'fromEntities',
  'fromNodes',
  'fromRequires',
  'fromGroups',
] as const;
const EGRESS_PEERS = [
  'toEndpoints',
  'toCIDR',
  'toCIDRSet',
  'toEntities',
  'toNodes',
  'toServices',
  'toFQDNs',
  'toRequires',
  'toGroups',
] as const;

type RuleList = 'ingress' | 'ingressDeny' | 'egress' | 'egressDeny';
const RULE_LISTS: readonly RuleList[] = ['ingress', 'ingressDeny', 'egress', 'egressDeny'];

/** A Cilium CIDR: `a.b.c.d/n`, an IPv6 prefix, or a bare address (a /32 or /128). */
function optCiliumCIDR(iss: Issues, v: unknown, path: string): void {
  const s = optString(iss, v, path);
  if (s !== undefined && !isCIDR(s) && !isIP(s))
    invalid(iss, path, `"${s}" is not a CIDR (address/prefix-length) or an address`);
}

/** A Cilium port: a number (usually written as a string, "80"), or a port name. */
function optCiliumPort(iss: Issues, v: unknown, path: string): void {
  if (v === undefined || v === null) return;
  if (typeof v === 'number') {
    if (v !== 0) optPort(iss, v, path);
    return;
  }
  if (typeof v !== 'string') return void wrongType(iss, path, 'a port number or name', v);
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    if (n > 65535) invalid(iss, path, `${v} is out of range (0-65535)`);
    return;
  }
  if (!/^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/i.test(v))
    invalid(iss, path, `"${v}" is not a port number or a valid port name`);
}

function checkToPorts(iss: Issues, v: unknown, path: string, deny: boolean): void {
  eachMap(iss, v, path, (pr, pp) => {
    eachMap(iss, pr.ports, at(pp, 'ports'), (port, p) => {
      optCiliumPort(iss, port.port, at(p, 'port'));
      optInt(iss, port.endPort, at(p, 'endPort'), 0, 65535);
      optEnum(iss, port.protocol, at(p, 'protocol'), PROTOCOLS);
      if (port.endPort != null && typeof port.port === 'string' && !/^\d+$/.test(port.port)) {
        invalid(iss, at(p, 'endPort'), 'endPort needs a numeric port');
      }
    });
    const rules = optMap(iss, pr.rules, at(pp, 'rules'));
    if (!rules) return;
    // Deny rules carry no L7 part (pkg/policy/api: PortDenyRule has no Rules field).
    if (deny) return void invalid(iss, at(pp, 'rules'), 'deny rules cannot have L7 rules');
    const rp = at(pp, 'rules');
    eachMap(iss, rules.http, at(rp, 'http'), (h, hp) => {
      optString(iss, h.method, at(hp, 'method'));
      optString(iss, h.path, at(hp, 'path'));
      optString(iss, h.host, at(hp, 'host'));
      optStringList(iss, h.headers, at(hp, 'headers'));
      eachMap(iss, h.headerMatches, at(hp, 'headerMatches'), (m, mp) => {
        if (optString(iss, m.name, at(mp, 'name')) === undefined) missing(iss, at(mp, 'name'));
        optString(iss, m.value, at(mp, 'value'));
      });
      for (const field of ['method', 'path', 'host'] as const) {
        const re = h[field];
        if (typeof re === 'string') {
          try {
            new RegExp(re);
          } catch {
            invalid(iss, at(hp, field), `"${re}" is not a valid regular expression`);
          }
        }
      }
    });
    eachMap(iss, rules.dns, at(rp, 'dns'), (d, dp) => {
      optString(iss, d.matchName, at(dp, 'matchName'));
      optString(iss, d.matchPattern, at(dp, 'matchPattern'));
    });
    eachMap(iss, rules.kafka, at(rp, 'kafka'), () => undefined);
  });
}

function checkCIDRSet(iss: Issues, v: unknown, path: string): void {
  eachMap(iss, v, path, (c, cp) => {
    const given = ['cidr', 'cidrGroupRef', 'cidrGroupSelector'].filter((k) => c[k] != null);
    if (given.length !== 1)
      return void invalid(iss, cp, 'set exactly one of cidr, cidrGroupRef, cidrGroupSelector');
    optCiliumCIDR(iss, c.cidr, at(cp, 'cidr'));
    optString(iss, c.cidrGroupRef, at(cp, 'cidrGroupRef'));
    checkSelector(iss, c.cidrGroupSelector, at(cp, 'cidrGroupSelector'));
    eachOf(iss, c.except, at(cp, 'except'), (e, ep) => optCiliumCIDR(iss, e, ep));
  });
}

function checkRule(iss: Issues, rule: Json, path: string, list: RuleList): void {
  const ingress = list.startsWith('ingress');
  const deny = list.endsWith('Deny');
  const peers = ingress ? INGRESS_PEERS : EGRESS_PEERS;
  for (const key of Object.keys(rule)) {
    const known =
      (peers as readonly string[]).includes(key) || ['toPorts', 'icmps', 'authentication'].includes(key);
    if (!known) invalid(iss, at(path, key), `unknown field in a Cilium ${list} rule`);
  }
  const ends = ingress ? 'from' : 'to';
  for (const key of [`${ends}Requires`, `${ends}Groups`]) {
    if (rule[key] != null) {
      iss.push({
        code: 'INVALID_FIELD',
        field: at(path, key),
        reason: 'not modelled: this part of the rule is read as matching nothing',
        warning: true,
      });
    }
  }
  eachMap(iss, rule[`${ends}Endpoints`], at(path, `${ends}Endpoints`), (s, sp) => checkSelector(iss, s, sp));
  eachMap(iss, rule[`${ends}Requires`], at(path, `${ends}Requires`), (s, sp) => checkSelector(iss, s, sp));
  eachMap(iss, rule[`${ends}Nodes`], at(path, `${ends}Nodes`), (s, sp) => checkSelector(iss, s, sp));
  eachOf(iss, rule[`${ends}CIDR`], at(path, `${ends}CIDR`), (c, cp) => optCiliumCIDR(iss, c, cp));
  checkCIDRSet(iss, rule[`${ends}CIDRSet`], at(path, `${ends}CIDRSet`));
  eachOf(iss, rule[`${ends}Entities`], at(path, `${ends}Entities`), (e, ep) =>
    optEnum(iss, e, ep, CILIUM_ENTITIES),
  );
  if (!ingress) {
    eachMap(iss, rule.toServices, at(path, 'toServices'), (s, sp) => {
      const svc = optMap(iss, s.k8sService, at(sp, 'k8sService'));
      const sel = optMap(iss, s.k8sServiceSelector, at(sp, 'k8sServiceSelector'));
      if (!svc && !sel) return void invalid(iss, sp, 'set k8sService or k8sServiceSelector');
      if (svc) {
        if (optString(iss, svc.serviceName, at(at(sp, 'k8sService'), 'serviceName')) === undefined)
          missing(iss, at(at(sp, 'k8sService'), 'serviceName'));
        optString(iss, svc.namespace, at(at(sp, 'k8sService'), 'namespace'));
      }
      if (sel) {
        const selp = at(sp, 'k8sServiceSelector');
        if (sel.selector == null) missing(iss, at(selp, 'selector'));
        checkSelector(iss, sel.selector, at(selp, 'selector'));
        optString(iss, sel.namespace, at(selp, 'namespace'));
      }
    });
    if (deny && rule.toFQDNs != null)
      invalid(iss, at(path, 'toFQDNs'), 'deny rules cannot select by DNS name');
    eachMap(iss, rule.toFQDNs, at(path, 'toFQDNs'), (f, fp) => {
      const name = optString(iss, f.matchName, at(fp, 'matchName'));
      const pattern = optString(iss, f.matchPattern, at(fp, 'matchPattern'));
      if (name === undefined && pattern === undefined) invalid(iss, fp, 'set matchName or matchPattern');
    });
  }
  checkToPorts(iss, rule.toPorts, at(path, 'toPorts'), deny);
  eachMap(iss, rule.icmps, at(path, 'icmps'), (i, ip) => {
    optList(iss, i.fields, at(ip, 'fields'));
    eachMap(iss, i.fields, at(ip, 'fields'), (f, fp) => {
      const family = f.family ?? 'IPv4';
      if (family !== 'IPv4' && family !== 'IPv6') {
        invalid(iss, at(fp, 'family'), `"${String(family)}" is not IPv4 or IPv6`);
        return;
      }
      if (f.type == null) invalid(iss, at(fp, 'type'), 'required');
      else if (ciliumIcmpType(family, f.type) === undefined)
        invalid(
          iss,
          at(fp, 'type'),
          `"${String(f.type)}" is not an ICMP type (0-255) or a ${family} type name`,
        );
    });
  });
}

function checkCiliumSpec(iss: Issues, spec: Json, path: string): void {
  const hasEndpoints = spec.endpointSelector != null;
  const hasNodes = spec.nodeSelector != null;
  if (hasEndpoints === hasNodes) invalid(iss, path, 'set exactly one of endpointSelector or nodeSelector');
  checkSelector(iss, spec.endpointSelector, at(path, 'endpointSelector'));
  checkSelector(iss, spec.nodeSelector, at(path, 'nodeSelector'));
  optString(iss, spec.description, at(path, 'description'));
  const dd = optMap(iss, spec.enableDefaultDeny, at(path, 'enableDefaultDeny'));
  if (dd) {
    optBool(iss, dd.ingress, at(at(path, 'enableDefaultDeny'), 'ingress'));
    optBool(iss, dd.egress, at(at(path, 'enableDefaultDeny'), 'egress'));
  }
  for (const list of RULE_LISTS)
    eachMap(iss, spec[list], at(path, list), (rule, rp) => checkRule(iss, rule, rp, list));
}

/** CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy: `spec`, `specs[]`, or both. */
export function checkCiliumPolicy(iss: Issues, obj: Json): void {
  const spec = optMap(iss, obj.spec, 'spec');
  const specs = optList(iss, obj.specs, 'specs');
  if (!spec && !specs) return void missing(iss, 'spec', 'set spec or specs');
  if (spec) checkCiliumSpec(iss, spec, 'spec');
  eachOf(iss, specs, 'specs', (s, sp) => {
    if (!isMap(s)) return void wrongType(iss, sp, 'a map', s);
    checkCiliumSpec(iss, s, sp);
  });
}

/** CiliumCIDRGroup: spec.externalCIDRs. */
export function checkCiliumCIDRGroup(iss: Issues, obj: Json): void {
  const spec = optMap(iss, obj.spec, 'spec');
  if (!spec) return void missing(iss, 'spec');
  if (spec.externalCIDRs == null) missing(iss, 'spec.externalCIDRs');
  eachOf(iss, spec.externalCIDRs, 'spec.externalCIDRs', (c, cp) => optCiliumCIDR(iss, c, cp));
}
