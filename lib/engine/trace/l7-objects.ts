// Ingress, IngressClass, Gateway, HTTPRoute and ReferenceGrant read from raw objects
// into small typed shapes (the model keeps these kinds raw).

import type { KubeObject } from '../../model/types';
import { at, list, num, str } from '../platform/read';

export interface BackendRef {
  readonly service: string;
  readonly namespace: string;
  /** Port number or name; undefined when absent. */
  readonly port?: number | string;
  readonly weight: number;
  readonly kind: string;
}

export interface IngressPath {
  readonly path: string;
  readonly pathType: 'Exact' | 'Prefix' | 'ImplementationSpecific';
  readonly backend?: BackendRef;
  readonly index: string;
}

export interface IngressRule {
  readonly host?: string;
  readonly paths: readonly IngressPath[];
  readonly index: number;
}

export interface IngressObj {
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly className?: string;
  readonly legacyClass?: string;
  /** metadata.annotations (controller options such as service-upstream). */
  readonly annotations: Readonly<Record<string, string>>;
  readonly defaultBackend?: BackendRef;
  readonly rules: readonly IngressRule[];
  readonly lbIPs: readonly string[];
}

/** Namespace (default `default`), name and `namespace/name` key of a namespaced object. */
function identity(o: KubeObject): { namespace: string; name: string; key: string } {
  const namespace = o.metadata.namespace ?? 'default';
  const name = o.metadata.name ?? '';
  return { namespace, name, key: `${namespace}/${name}` };
}

function backend(raw: unknown, namespace: string): BackendRef | undefined {
  const name = str(raw, 'service.name');
  if (!name) return undefined;
  const port = num(raw, 'service.port.number') ?? str(raw, 'service.port.name');
  return { service: name, namespace, port, weight: 1, kind: 'Service' };
}

export function parseIngress(o: KubeObject): IngressObj {
  const { namespace, name, key } = identity(o);
  return {
    key,
    namespace,
    name,
    className: str(o, 'spec.ingressClassName'),
    legacyClass: o.metadata.annotations?.['kubernetes.io/ingress.class'],
    annotations: o.metadata.annotations ?? {},
    defaultBackend: backend(at(o, 'spec.defaultBackend'), namespace),
    rules: list(o, 'spec.rules').map((r, i) => ({
      host: str(r, 'host')?.toLowerCase(),
      index: i,
      paths: list(r, 'http.paths').map((p, j) => ({
        path: str(p, 'path') ?? '/',
        pathType: (['Exact', 'Prefix'].includes(str(p, 'pathType') ?? '')
          ? str(p, 'pathType')
          : 'ImplementationSpecific') as IngressPath['pathType'],
        backend: backend(at(p, 'backend'), namespace),
        index: `spec.rules[${i}].http.paths[${j}]`,
      })),
    })),
    lbIPs: list(o, 'status.loadBalancer.ingress')
      .map((x) => str(x, 'ip') ?? str(x, 'hostname') ?? '')
      .filter(Boolean),
  };
}

export interface Listener {
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
  readonly hostname?: string;
  /** Same | All | Selector */
  readonly from: string;
  readonly selector?: { matchLabels?: Record<string, string> };
  readonly index: number;
}

export interface GatewayObj {
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly className: string;
  readonly listeners: readonly Listener[];
  readonly addresses: readonly string[];
}

export function parseGateway(o: KubeObject): GatewayObj {
  const { namespace, name, key } = identity(o);
  return {
    key,
    namespace,
    name,
    className: str(o, 'spec.gatewayClassName') ?? '',
    listeners: list(o, 'spec.listeners').map((l, i) => ({
      name: str(l, 'name') ?? `listener-${i}`,
      port: num(l, 'port') ?? 80,
      protocol: str(l, 'protocol') ?? 'HTTP',
      hostname: str(l, 'hostname')?.toLowerCase(),
      from: str(l, 'allowedRoutes.namespaces.from') ?? 'Same',
      selector: at(l, 'allowedRoutes.namespaces.selector') as Listener['selector'],
      index: i,
    })),
    addresses: [...list(o, 'status.addresses'), ...list(o, 'spec.addresses')]
      .map((a) => str(a, 'value') ?? '')
      .filter(Boolean),
  };
}

export interface ParentRef {
  readonly name: string;
  readonly namespace: string;
  readonly sectionName?: string;
  readonly port?: number;
}

/** A header or query param match; header names are stored lowercase (case-insensitive). */
export interface ValueMatch {
  readonly name: string;
  readonly value: string;
  readonly type: 'Exact' | 'RegularExpression';
}

export interface RouteMatch {
  readonly pathType: 'PathPrefix' | 'Exact' | 'RegularExpression';
  readonly path: string;
  readonly headers: readonly ValueMatch[];
  readonly queryParams: readonly ValueMatch[];
  readonly method?: string;
}

export interface RouteFilter {
  readonly type: string;
  readonly raw: unknown;
}

export interface RouteRule {
  readonly index: number;
  readonly matches: readonly RouteMatch[];
  readonly filters: readonly RouteFilter[];
  readonly backends: readonly BackendRef[];
}

export interface HTTPRouteObj {
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly parents: readonly ParentRef[];
  readonly hostnames: readonly string[];
  readonly rules: readonly RouteRule[];
  /** metadata.creationTimestamp (RFC 3339): the older route wins precedence ties. */
  readonly createdAt?: string;
}

function valueMatch(raw: unknown, lowerName: boolean): ValueMatch {
  const name = str(raw, 'name') ?? '';
  return {
    name: lowerName ? name.toLowerCase() : name,
    value: str(raw, 'value') ?? '',
    type: str(raw, 'type') === 'RegularExpression' ? 'RegularExpression' : 'Exact',
  };
}

export function parseHTTPRoute(o: KubeObject): HTTPRouteObj {
  const { namespace, name, key } = identity(o);
  return {
    key,
    namespace,
    name,
    parents: list(o, 'spec.parentRefs').map((p) => ({
      name: str(p, 'name') ?? '',
      namespace: str(p, 'namespace') ?? namespace,
      sectionName: str(p, 'sectionName'),
      port: num(p, 'port'),
    })),
    createdAt: o.metadata.creationTimestamp,
    hostnames: list(o, 'spec.hostnames')
      .filter((h): h is string => typeof h === 'string')
      .map((h) => h.toLowerCase()),
    rules: list(o, 'spec.rules').map((r, i) => {
      const matches = list(r, 'matches').map((m) => ({
        pathType: (str(m, 'path.type') ?? 'PathPrefix') as RouteMatch['pathType'],
        path: str(m, 'path.value') ?? '/',
        headers: list(m, 'headers').map((h) => valueMatch(h, true)),
        queryParams: list(m, 'queryParams').map((q) => valueMatch(q, false)),
        method: str(m, 'method')?.toUpperCase(),
      }));
      return {
        index: i,
        matches: matches.length
          ? matches
          : [{ pathType: 'PathPrefix' as const, path: '/', headers: [], queryParams: [] }],
        filters: list(r, 'filters').map((f) => ({ type: str(f, 'type') ?? '', raw: f })),
        backends: list(r, 'backendRefs').map((b) => ({
          service: str(b, 'name') ?? '',
          namespace: str(b, 'namespace') ?? namespace,
          port: num(b, 'port'),
          weight: num(b, 'weight') ?? 1,
          kind: str(b, 'kind') ?? 'Service',
        })),
      };
    }),
  };
}
