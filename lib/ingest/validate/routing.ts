// North-south routing kinds: Ingress, IngressClass and Gateway API
// (GatewayClass, Gateway, HTTPRoute, ReferenceGrant).

import {
  at,
  eachMap,
  missing,
  optEnum,
  optInt,
  optMap,
  optPort,
  optString,
  optStringList,
  reqString,
  type Issues,
  type Json,
} from './check';
import { checkSelector } from './common';

const PATH_TYPES = ['Exact', 'Prefix', 'ImplementationSpecific'] as const;

function checkIngressBackend(iss: Issues, v: unknown, path: string): void {
  const b = optMap(iss, v, path);
  const svc = b && optMap(iss, b.service, at(path, 'service'));
  if (!svc) return;
  const sp = at(path, 'service');
  reqString(iss, svc.name, at(sp, 'name'));
  const port = optMap(iss, svc.port, at(sp, 'port'));
  if (port) {
    optPort(iss, port.number, at(at(sp, 'port'), 'number'));
    optString(iss, port.name, at(at(sp, 'port'), 'name'));
  }
}

export function checkIngress(iss: Issues, obj: Json): void {
  const spec = optMap(iss, obj.spec, 'spec');
  if (!spec) return;
  optString(iss, spec.ingressClassName, 'spec.ingressClassName');
  checkIngressBackend(iss, spec.defaultBackend, 'spec.defaultBackend');
  eachMap(iss, spec.tls, 'spec.tls', (tls, p) => optStringList(iss, tls.hosts, at(p, 'hosts')));
  eachMap(iss, spec.rules, 'spec.rules', (rule, rp) => {
    optString(iss, rule.host, at(rp, 'host'));
    const http = optMap(iss, rule.http, at(rp, 'http'));
    if (!http) return;
    eachMap(iss, http.paths, at(at(rp, 'http'), 'paths'), (p, pp) => {
      optString(iss, p.path, at(pp, 'path'));
      optEnum(iss, p.pathType, at(pp, 'pathType'), PATH_TYPES);
      checkIngressBackend(iss, p.backend, at(pp, 'backend'));
    });
  });
}

export function checkIngressClass(iss: Issues, obj: Json): void {
  const spec = optMap(iss, obj.spec, 'spec');
  if (spec) optString(iss, spec.controller, 'spec.controller');
}

export function checkGatewayClass(iss: Issues, obj: Json): void {
  const spec = optMap(iss, obj.spec, 'spec');
  if (spec) optString(iss, spec.controllerName, 'spec.controllerName');
}

export function checkGateway(iss: Issues, obj: Json): void {
  const spec = optMap(iss, obj.spec, 'spec');
  if (!spec) return;
  optString(iss, spec.gatewayClassName, 'spec.gatewayClassName');
  eachMap(iss, spec.listeners, 'spec.listeners', (l, p) => {
    reqString(iss, l.name, at(p, 'name'));
    if (l.port == null) missing(iss, at(p, 'port'));
    optPort(iss, l.port, at(p, 'port'));
    optString(iss, l.protocol, at(p, 'protocol'));
    optString(iss, l.hostname, at(p, 'hostname'));
    const allowed = optMap(iss, l.allowedRoutes, at(p, 'allowedRoutes'));
    const ns = allowed && optMap(iss, allowed.namespaces, at(at(p, 'allowedRoutes'), 'namespaces'));
    if (ns) {
      const np = at(at(p, 'allowedRoutes'), 'namespaces');
      optEnum(iss, ns.from, at(np, 'from'), ['All', 'Same', 'Selector'] as const);
      checkSelector(iss, ns.selector, at(np, 'selector'));
    }
  });
  eachMap(iss, spec.addresses, 'spec.addresses', (a, p) => optString(iss, a.value, at(p, 'value')));
}

function checkRef(iss: Issues, ref: Json, path: string): void {
  reqString(iss, ref.name, at(path, 'name'));
  optString(iss, ref.namespace, at(path, 'namespace'));
  optString(iss, ref.kind, at(path, 'kind'));
  optString(iss, ref.group, at(path, 'group'));
  optPort(iss, ref.port, at(path, 'port'));
}

export function checkHTTPRoute(iss: Issues, obj: Json): void {
  const spec = optMap(iss, obj.spec, 'spec');
  if (!spec) return;
  eachMap(iss, spec.parentRefs, 'spec.parentRefs', (ref, p) => {
    checkRef(iss, ref, p);
    optString(iss, ref.sectionName, at(p, 'sectionName'));
  });
  optStringList(iss, spec.hostnames, 'spec.hostnames');
  eachMap(iss, spec.rules, 'spec.rules', (rule, rp) => {
    eachMap(iss, rule.matches, at(rp, 'matches'), (m, mp) => {
      const path = optMap(iss, m.path, at(mp, 'path'));
      if (path) {
        optEnum(iss, path.type, at(at(mp, 'path'), 'type'), [
          'Exact',
          'PathPrefix',
          'RegularExpression',
        ] as const);
        optString(iss, path.value, at(at(mp, 'path'), 'value'));
      }
      eachMap(iss, m.headers, at(mp, 'headers'), (h, hp) => reqString(iss, h.name, at(hp, 'name')));
      optString(iss, m.method, at(mp, 'method'));
    });
    eachMap(iss, rule.filters, at(rp, 'filters'), (f, fp) => reqString(iss, f.type, at(fp, 'type')));
    eachMap(iss, rule.backendRefs, at(rp, 'backendRefs'), (ref, p) => {
      checkRef(iss, ref, p);
      optInt(iss, ref.weight, at(p, 'weight'), 0, 1_000_000);
    });
  });
}

export function checkReferenceGrant(iss: Issues, obj: Json): void {
  const spec = optMap(iss, obj.spec, 'spec');
  if (!spec) return;
  for (const side of ['from', 'to'] as const) {
    eachMap(iss, spec[side], at('spec', side), (r, p) => {
      optString(iss, r.group, at(p, 'group'));
      reqString(iss, r.kind, at(p, 'kind'));
      optString(iss, r.namespace, at(p, 'namespace'));
      optString(iss, r.name, at(p, 'name'));
    });
  }
}
