// Indexes the tracer needs beyond ModelIndex (ingresses by host, routes by gateway,
// services by label and node port), built once per model and cached by identity, so a
// trace looks things up instead of scanning.

import type { ClusterModel, Service } from '../../model/types';
import { objectsOf, str } from '../platform/read';
import type { GatewayObj, HTTPRouteObj, IngressObj } from './l7-objects';
import { parseGateway, parseHTTPRoute, parseIngress } from './l7-objects';

export interface IngressClassInfo {
  readonly name: string;
  readonly controller: string;
  readonly isDefault: boolean;
}

export interface DerivedIndex {
  readonly ingresses: readonly IngressObj[];
  /** Exact host → ingresses with a rule for it; `*` → ingresses with host-less rules. */
  readonly ingressesByHost: ReadonlyMap<string, readonly IngressObj[]>;
  /** Ingresses with wildcard hosts (`*.example.com`), checked after exact hosts. */
  readonly wildcardIngresses: readonly IngressObj[];
  readonly ingressClasses: ReadonlyMap<string, IngressClassInfo>;
  readonly defaultIngressClass?: IngressClassInfo;
  /** GatewayClass name → spec.controllerName. */
  readonly gatewayClasses: ReadonlyMap<string, string>;
  readonly gateways: readonly GatewayObj[];
  readonly gatewayByKey: ReadonlyMap<string, GatewayObj>;
  readonly routesByGateway: ReadonlyMap<string, readonly HTTPRouteObj[]>;
  readonly servicesByLabel: ReadonlyMap<string, readonly Service[]>;
  readonly servicesByNodePort: ReadonlyMap<number, Service>;
  /** `toNamespace` → namespaces whose HTTPRoutes a ReferenceGrant lets reference Services there. */
  readonly grants: ReadonlyMap<string, ReadonlySet<string>>;
  readonly endpointCount: number;
}

const cache = new WeakMap<ClusterModel, DerivedIndex>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const l = map.get(key);
  if (l) l.push(value);
  else map.set(key, [value]);
}

/** The derived indexes of `model`, built on first use. */
export function derivedIndex(model: ClusterModel): DerivedIndex {
  const hit = cache.get(model);
  if (hit) return hit;
  const ingresses = objectsOf(model, 'Ingress').map(parseIngress);
  const ingressesByHost = new Map<string, IngressObj[]>();
  const wildcard = new Set<IngressObj>();
  for (const ing of ingresses) {
    for (const rule of ing.rules) {
      if (!rule.host) push(ingressesByHost, '*', ing);
      else if (rule.host.startsWith('*.')) wildcard.add(ing);
      else push(ingressesByHost, rule.host, ing);
    }
  }
  const ingressClasses = new Map<string, IngressClassInfo>();
  for (const o of objectsOf(model, 'IngressClass')) {
    const info = {
      name: o.metadata.name ?? '',
      controller: str(o, 'spec.controller') ?? '',
      isDefault: o.metadata.annotations?.['ingressclass.kubernetes.io/is-default-class'] === 'true',
    };
    ingressClasses.set(info.name, info);
  }
  const gatewayClasses = new Map<string, string>(
    objectsOf(model, 'GatewayClass').map((o) => [o.metadata.name ?? '', str(o, 'spec.controllerName') ?? '']),
  );
  const gateways = objectsOf(model, 'Gateway')
    .filter((g) => (g.apiVersion ?? 'gateway.networking.k8s.io/').startsWith('gateway.networking.k8s.io/'))
    .map(parseGateway);
  const routesByGateway = new Map<string, HTTPRouteObj[]>();
  for (const route of objectsOf(model, 'HTTPRoute').map(parseHTTPRoute)) {
    for (const key of new Set(route.parents.map((p) => `${p.namespace}/${p.name}`)))
      push(routesByGateway, key, route);
  }
  const servicesByLabel = new Map<string, Service[]>();
  const servicesByNodePort = new Map<number, Service>();
  for (const svc of model.services.values()) {
    for (const [k, v] of Object.entries(svc.labels)) push(servicesByLabel, `${k}=${v}`, svc);
    for (const p of svc.ports)
      if (p.nodePort !== undefined && !servicesByNodePort.has(p.nodePort))
        servicesByNodePort.set(p.nodePort, svc);
  }
  const grants = new Map<string, Set<string>>();
  for (const g of objectsOf(model, 'ReferenceGrant')) {
    const to = g.metadata.namespace ?? 'default';
    const spec = g['spec'] as
      { from?: Array<{ kind?: string; namespace?: string }>; to?: Array<{ kind?: string }> } | undefined;
    if (!(spec?.to ?? []).some((t) => t.kind === 'Service')) continue;
    for (const f of spec?.from ?? [])
      if (f.kind === 'HTTPRoute' && f.namespace)
        (grants.get(to) ?? grants.set(to, new Set()).get(to)!).add(f.namespace);
  }
  const index: DerivedIndex = {
    ingresses,
    ingressesByHost,
    wildcardIngresses: [...wildcard],
    ingressClasses,
    defaultIngressClass: [...ingressClasses.values()].find((c) => c.isDefault),
    gatewayClasses,
    gateways,
    gatewayByKey: new Map(gateways.map((g) => [g.key, g])),
    routesByGateway,
    servicesByLabel,
    servicesByNodePort,
    grants,
    endpointCount: model.endpointSlices.reduce((n, s) => n + s.endpoints.length, 0),
  };
  cache.set(model, index);
  return index;
}
