// Which L7 proxy implements an IngressClass / GatewayClass, and how it reaches a backend:
// almost every in-cluster proxy reads the backend Service's EndpointSlices and balances
// over the pod addresses itself, so kube-proxy is not on the proxy → backend path.

import type { Pod, Service } from '../../model/types';

export type L7ProxyName =
  | 'ingress-nginx'
  | 'nginx-ingress'
  | 'envoy-gateway'
  | 'contour'
  | 'istio'
  | 'traefik'
  | 'haproxy'
  | 'kong'
  | 'nginx-gateway-fabric'
  | 'unknown';

export interface L7Proxy {
  readonly name: L7ProxyName;
  /** The controller string it was recognised by (IngressClass spec.controller / GatewayClass spec.controllerName). */
  readonly controller: string;
  /** Display name ("ingress-nginx", "Envoy Gateway"). */
  readonly title: string;
  /** Its default balancing over endpoints. */
  readonly balancing: string;
}

interface Known {
  readonly name: L7ProxyName;
  readonly title: string;
  readonly balancing: string;
  readonly controllers: readonly string[];
}

const KNOWN: readonly Known[] = [
  {
    name: 'ingress-nginx',
    title: 'ingress-nginx',
    balancing: 'round-robin; EWMA with load-balance: ewma',
    controllers: ['k8s.io/ingress-nginx'],
  },
  {
    name: 'nginx-ingress',
    title: 'NGINX Ingress Controller',
    balancing: 'random two least_conn',
    controllers: ['nginx.org/ingress-controller', 'ingress-controllers.nginx.org/nginx'],
  },
  {
    name: 'envoy-gateway',
    title: 'Envoy Gateway',
    balancing: 'Envoy least-request',
    controllers: ['gateway.envoyproxy.io/gatewayclass-controller'],
  },
  {
    name: 'contour',
    title: 'Contour (Envoy)',
    balancing: 'Envoy round-robin',
    controllers: [
      'projectcontour.io/gateway-controller',
      'projectcontour.io/ingress-controller',
      'projectcontour.io/contour',
    ],
  },
  {
    name: 'istio',
    title: 'Istio gateway (Envoy)',
    balancing: 'Envoy least-request',
    controllers: ['istio.io/gateway-controller', 'istio.io/ingress-controller'],
  },
  {
    name: 'traefik',
    title: 'Traefik',
    balancing: 'weighted round-robin',
    controllers: ['traefik.io/ingress-controller', 'traefik.io/gateway-controller'],
  },
  {
    name: 'haproxy',
    title: 'HAProxy Ingress',
    balancing: 'roundrobin',
    controllers: ['haproxy.org/ingress-controller/haproxy', 'haproxy-ingress.github.io/controller'],
  },
  {
    name: 'kong',
    title: 'Kong',
    balancing: 'round-robin',
    controllers: ['ingress-controllers.konghq.com/kong', 'konghq.com/kic-gateway-controller'],
  },
  {
    name: 'nginx-gateway-fabric',
    title: 'NGINX Gateway Fabric',
    balancing: 'random two least_conn',
    controllers: ['gateway.nginx.org/nginx-gateway-controller'],
  },
];

/** The proxy behind a controller string; `unknown` keeps the string for display. */
export function identifyProxy(controller: string | undefined): L7Proxy {
  const c = controller ?? '';
  const k = KNOWN.find((x) => x.controllers.includes(c));
  return k
    ? { name: k.name, controller: c, title: k.title, balancing: k.balancing }
    : {
        name: 'unknown',
        controller: c,
        title: c ? `controller ${c}` : 'the proxy',
        balancing: 'its own balancing',
      };
}

export type UpstreamMode =
  /** The proxy connects to endpoint addresses it reads from EndpointSlices. */
  | { readonly kind: 'endpoints'; readonly why: string }
  /** The proxy connects to the ClusterIP: kube-proxy (or eBPF) picks the endpoint on the proxy's node. */
  | { readonly kind: 'cluster-ip'; readonly why: string };

/**
 * How `proxy` reaches Service `svc`. Known proxies pick endpoints themselves unless told
 * to use the ClusterIP (ingress-nginx `service-upstream`, NGINX `use-cluster-ip`, Traefik
 * `service.nativelb`); an unknown controller is assumed to use the ClusterIP.
 */
export function upstreamMode(
  proxy: L7Proxy,
  svc: Service,
  routeAnnotations: Readonly<Record<string, string>>,
): UpstreamMode {
  const on = (v: string | undefined) => v?.toLowerCase() === 'true';
  switch (proxy.name) {
    case 'ingress-nginx':
      return on(routeAnnotations['nginx.ingress.kubernetes.io/service-upstream'])
        ? {
            kind: 'cluster-ip',
            why: 'annotation nginx.ingress.kubernetes.io/service-upstream: "true" makes ingress-nginx send to the ClusterIP',
          }
        : {
            kind: 'endpoints',
            why: `ingress-nginx balances over EndpointSlice endpoints itself (${proxy.balancing}); kube-proxy is not on this path`,
          };
    case 'nginx-ingress':
      return on(routeAnnotations['nginx.org/use-cluster-ip'])
        ? {
            kind: 'cluster-ip',
            why: 'annotation nginx.org/use-cluster-ip: "true" makes NGINX send to the ClusterIP',
          }
        : {
            kind: 'endpoints',
            why: `${proxy.title} balances over EndpointSlice endpoints itself (${proxy.balancing}); kube-proxy is not on this path`,
          };
    case 'traefik':
      return on(svc.annotations['traefik.ingress.kubernetes.io/service.nativelb'])
        ? {
            kind: 'cluster-ip',
            why: 'Service annotation traefik.ingress.kubernetes.io/service.nativelb: "true" makes Traefik send to the ClusterIP',
          }
        : {
            kind: 'endpoints',
            why: `Traefik balances over EndpointSlice endpoints itself (${proxy.balancing}); kube-proxy is not on this path`,
          };
    case 'envoy-gateway':
    case 'contour':
    case 'istio':
    case 'haproxy':
    case 'kong':
    case 'nginx-gateway-fabric':
      return {
        kind: 'endpoints',
        why: `${proxy.title} balances over EndpointSlice endpoints itself (${proxy.balancing}); kube-proxy is not on this path`,
      };
    case 'unknown':
      return {
        kind: 'cluster-ip',
        why: `${proxy.title} is not one the tracer knows; assumed to send to the ClusterIP, where kube-proxy picks the endpoint`,
      };
  }
}

/** Commands that show the proxy's own view of a backend's endpoints. */
export function proxyVerify(
  proxy: L7Proxy,
  pod: Pod | undefined,
  svc: Service,
  servicePort: number | string,
): string[] {
  const slices = `kubectl get endpointslices -n ${svc.namespace} -l kubernetes.io/service-name=${svc.name} -o wide`;
  if (!pod) return [slices];
  switch (proxy.name) {
    case 'ingress-nginx':
      // The controller names upstreams NAMESPACE-SERVICE-PORT (port as the Ingress gives it).
      return [
        `kubectl -n ${pod.namespace} exec ${pod.name} -- /dbg backends get ${svc.namespace}-${svc.name}-${servicePort}`,
        slices,
      ];
    case 'envoy-gateway':
      return [`egctl config envoy-proxy endpoint -n ${pod.namespace} ${pod.name}`, slices];
    case 'istio':
      return [
        `istioctl proxy-config endpoints -n ${pod.namespace} ${pod.name} --cluster "outbound|${servicePort}||${svc.name}.${svc.namespace}.svc.cluster.local"`,
        slices,
      ];
    default:
      return [slices];
  }
}
