// Gateway API (gateway.networking.k8s.io/v1) served by Envoy Gateway: GatewayClass,
// Gateway, HTTPRoute, ReferenceGrant with the status the controller writes, and the Envoy
// proxy Deployment + LoadBalancer Service that actually carry the traffic.

import type { KubeObject } from '../../model/types';
import type { ClusterBuilder } from './cluster';
import { templateHash } from './ids';
import { condition, obj } from './meta';

const CONTROLLER = 'gateway.envoyproxy.io/gatewayclass-controller';

export function gatewayClass(name: string): KubeObject {
  return obj(
    'gateway.networking.k8s.io/v1',
    'GatewayClass',
    { name, createdAt: 24, generation: 1 },
    {
      spec: { controllerName: CONTROLLER },
      status: {
        conditions: [
          condition('Accepted', 'True', 24, 'Accepted', 'Valid GatewayClass', { observedGeneration: 1 }),
        ],
      },
    },
  );
}

export interface ListenerInput {
  readonly name: string;
  readonly port: number;
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly hostname?: string;
  readonly allowedFrom: 'All' | 'Same' | 'Selector';
  readonly attachedRoutes: number;
  readonly tlsSecret?: string;
}

export function gateway(
  name: string,
  namespace: string,
  className: string,
  listeners: readonly ListenerInput[],
  address: string,
): KubeObject {
  return obj(
    'gateway.networking.k8s.io/v1',
    'Gateway',
    { name, namespace, createdAt: 25, generation: 1 },
    {
      spec: {
        gatewayClassName: className,
        listeners: listeners.map((l) => ({
          allowedRoutes: { namespaces: { from: l.allowedFrom } },
          ...(l.hostname ? { hostname: l.hostname } : {}),
          name: l.name,
          port: l.port,
          protocol: l.protocol,
          ...(l.tlsSecret
            ? {
                tls: {
                  certificateRefs: [{ group: '', kind: 'Secret', name: l.tlsSecret }],
                  mode: 'Terminate',
                },
              }
            : {}),
        })),
      },
      status: {
        addresses: [{ type: 'IPAddress', value: address }],
        conditions: [
          condition('Accepted', 'True', 25, 'Accepted', 'The Gateway has been scheduled by Envoy Gateway', {
            observedGeneration: 1,
          }),
          condition(
            'Programmed',
            'True',
            26,
            'Programmed',
            'Address assigned to the Gateway, 2/2 envoy Deployment replicas available',
            { observedGeneration: 1 },
          ),
        ],
        listeners: listeners.map((l) => ({
          attachedRoutes: l.attachedRoutes,
          conditions: [
            condition(
              'Programmed',
              'True',
              26,
              'Programmed',
              'Sending translated listener configuration to the data plane',
              { observedGeneration: 1 },
            ),
            condition('Accepted', 'True', 26, 'Accepted', 'Listener has been successfully translated', {
              observedGeneration: 1,
            }),
            condition(
              'ResolvedRefs',
              'True',
              26,
              'ResolvedRefs',
              'Listener has been successfully translated',
              { observedGeneration: 1 },
            ),
          ],
          name: l.name,
          supportedKinds: [
            { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' },
            { group: 'gateway.networking.k8s.io', kind: 'GRPCRoute' },
          ],
        })),
      },
    },
  );
}

export interface BackendRefInput {
  readonly name: string;
  readonly namespace?: string;
  readonly port: number;
  readonly weight?: number;
}

export interface RouteRuleInput {
  readonly matches: ReadonlyArray<Record<string, unknown>>;
  readonly filters?: ReadonlyArray<Record<string, unknown>>;
  readonly backendRefs: readonly BackendRefInput[];
}

export interface HTTPRouteInput {
  readonly name: string;
  readonly namespace: string;
  readonly parent: { readonly name: string; readonly namespace?: string; readonly sectionName?: string };
  readonly hostnames: readonly string[];
  readonly rules: readonly RouteRuleInput[];
  /** ResolvedRefs=False with this reason and message (RefNotPermitted, BackendNotFound...). */
  readonly unresolved?: { readonly reason: string; readonly message: string };
}

export function httpRoute(r: HTTPRouteInput): KubeObject {
  const resolved = r.unresolved
    ? condition('ResolvedRefs', 'False', 41, r.unresolved.reason, r.unresolved.message, {
        observedGeneration: 1,
      })
    : condition(
        'ResolvedRefs',
        'True',
        41,
        'ResolvedRefs',
        'Resolved all the Object references for the Route',
        { observedGeneration: 1 },
      );
  return obj(
    'gateway.networking.k8s.io/v1',
    'HTTPRoute',
    { name: r.name, namespace: r.namespace, createdAt: 40, generation: 1 },
    {
      spec: {
        hostnames: [...r.hostnames],
        parentRefs: [
          {
            group: 'gateway.networking.k8s.io',
            kind: 'Gateway',
            name: r.parent.name,
            ...(r.parent.namespace ? { namespace: r.parent.namespace } : {}),
            ...(r.parent.sectionName ? { sectionName: r.parent.sectionName } : {}),
          },
        ],
        rules: r.rules.map((rule) => ({
          backendRefs: rule.backendRefs.map((b) => ({
            group: '',
            kind: 'Service',
            name: b.name,
            ...(b.namespace ? { namespace: b.namespace } : {}),
            port: b.port,
            weight: b.weight ?? 1,
          })),
          ...(rule.filters ? { filters: rule.filters.map((f) => ({ ...f })) } : {}),
          matches: rule.matches.map((m) => ({ ...m })),
        })),
      },
      status: {
        parents: [
          {
            conditions: [
              condition('Accepted', 'True', 41, 'Accepted', 'Route is accepted', { observedGeneration: 1 }),
              resolved,
            ],
            controllerName: CONTROLLER,
            parentRef: {
              group: 'gateway.networking.k8s.io',
              kind: 'Gateway',
              name: r.parent.name,
              ...(r.parent.namespace ? { namespace: r.parent.namespace } : {}),
              ...(r.parent.sectionName ? { sectionName: r.parent.sectionName } : {}),
            },
          },
        ],
      },
    },
  );
}

/** Lets HTTPRoutes in `fromNamespace` reference Services in `namespace`. */
export function referenceGrant(
  name: string,
  namespace: string,
  fromNamespace: string,
  serviceName?: string,
): KubeObject {
  return obj(
    'gateway.networking.k8s.io/v1beta1',
    'ReferenceGrant',
    { name, namespace, createdAt: 60, generation: 1 },
    {
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: fromNamespace }],
        to: [{ group: '', kind: 'Service', ...(serviceName ? { name: serviceName } : {}) }],
      },
    },
  );
}

/** Envoy Gateway's controller plus the proxy Deployment/Service it creates for one Gateway. */
export function addEnvoyGateway(
  b: ClusterBuilder,
  o: {
    nodes: readonly string[];
    gatewayName: string;
    gatewayNamespace: string;
    address: string;
    ports: readonly number[];
  },
): { proxyService: string } {
  b.namespace('envoy-gateway-system', {}, 23);
  const workers = b.nodes.filter((n) => !n.input.controlPlane).map((n) => n.input.name);
  b.deployment({
    name: 'envoy-gateway',
    namespace: 'envoy-gateway-system',
    labels: {
      'app.kubernetes.io/instance': 'eg',
      'app.kubernetes.io/name': 'gateway-helm',
      'control-plane': 'envoy-gateway',
    },
    nodes: [workers[0] ?? ''],
    createdAt: 23,
    serviceAccountName: 'envoy-gateway',
    containers: [
      {
        name: 'envoy-gateway',
        image: 'docker.io/envoyproxy/gateway:v1.1.2',
        args: ['server', '--config-path=/config/envoy-gateway.yaml'],
        ports: [
          { name: 'grpc', containerPort: 18000 },
          { name: 'ratelimit', containerPort: 18001 },
          { name: 'wasm', containerPort: 18002 },
          { name: 'metrics', containerPort: 19001 },
        ],
      },
    ],
  });
  const proxyName = `envoy-${o.gatewayNamespace}-${o.gatewayName}-${templateHash(`${o.gatewayNamespace}/${o.gatewayName}`).slice(0, 8)}`;
  const labels = {
    'app.kubernetes.io/component': 'proxy',
    'app.kubernetes.io/managed-by': 'envoy-gateway',
    'app.kubernetes.io/name': 'envoy',
    'gateway.envoyproxy.io/owning-gateway-name': o.gatewayName,
    'gateway.envoyproxy.io/owning-gateway-namespace': o.gatewayNamespace,
  };
  b.deployment({
    name: proxyName,
    namespace: 'envoy-gateway-system',
    labels,
    nodes: o.nodes,
    createdAt: 26,
    serviceAccountName: proxyName,
    containers: [
      {
        name: 'envoy',
        image: 'docker.io/envoyproxy/envoy:distroless-v1.31.1',
        args: [
          '--service-cluster',
          proxyName,
          '--service-node',
          '$(ENVOY_POD_NAME)',
          '--config-yaml',
          '<bootstrap>',
          '--log-level',
          'warn',
        ],
        ports: [
          ...o.ports.map((p) => ({ name: `${p === 443 ? 'https' : 'http'}-${p}`, containerPort: 10000 + p })),
          { name: 'metrics', containerPort: 19001 },
        ],
      },
    ],
  });
  b.service({
    name: proxyName,
    namespace: 'envoy-gateway-system',
    type: 'LoadBalancer',
    selector: labels,
    labels,
    createdAt: 26,
    externalTrafficPolicy: 'Local',
    loadBalancerIngress: [o.address],
    ports: o.ports.map((p) => ({
      name: `${o.gatewayNamespace}/${o.gatewayName}/${p === 443 ? 'https' : 'http'}`,
      port: p,
      targetPort: 10000 + p,
    })),
  });
  return { proxyService: proxyName };
}
