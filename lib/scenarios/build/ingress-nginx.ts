// ingress-nginx as its Helm chart installs it: IngressClass, controller Deployment, the
// controller's LoadBalancer Service (whose externalTrafficPolicy decides the client IP)
// and the admission webhook Service.

import type { KubeObject } from '../../model/types';
import type { ClusterBuilder } from './cluster';
import { obj } from './meta';
import type { ScenarioQuery } from '../types';

export interface IngressNginxOptions {
  readonly nodes: readonly string[];
  readonly externalTrafficPolicy: 'Cluster' | 'Local';
  readonly loadBalancerIP?: string;
  /** Pinned node ports (http, https), so queries can name them. */
  readonly nodePorts?: { readonly http: number; readonly https: number };
  readonly version?: string;
  /** Annotations on the controller Service (a MetalLB pool request). */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
  /** Extra keys of the controller ConfigMap. */
  readonly config?: Readonly<Record<string, string>>;
}

const LABELS = {
  'app.kubernetes.io/component': 'controller',
  'app.kubernetes.io/instance': 'ingress-nginx',
  'app.kubernetes.io/name': 'ingress-nginx',
};
const CHART_LABELS = {
  ...LABELS,
  'app.kubernetes.io/managed-by': 'Helm',
  'app.kubernetes.io/part-of': 'ingress-nginx',
  'app.kubernetes.io/version': '1.11.2',
  'helm.sh/chart': 'ingress-nginx-4.11.2',
};

export function addIngressNginx(b: ClusterBuilder, o: IngressNginxOptions): { service: KubeObject } {
  b.namespace(
    'ingress-nginx',
    { 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/name': 'ingress-nginx' },
    22,
  );
  b.add(
    obj(
      'networking.k8s.io/v1',
      'IngressClass',
      {
        name: 'nginx',
        labels: CHART_LABELS,
        annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' },
        createdAt: 22,
        generation: 1,
      },
      {
        spec: { controller: 'k8s.io/ingress-nginx' },
      },
    ),
  );
  b.deployment({
    name: 'ingress-nginx-controller',
    namespace: 'ingress-nginx',
    labels: LABELS,
    workloadLabels: CHART_LABELS,
    nodes: o.nodes,
    createdAt: 22,
    serviceAccountName: 'ingress-nginx',
    dnsPolicy: 'ClusterFirst',
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    containers: [
      {
        name: 'controller',
        image: `registry.k8s.io/ingress-nginx/controller:${o.version ?? 'v1.11.2'}`,
        args: [
          '/nginx-ingress-controller',
          '--publish-service=$(POD_NAMESPACE)/ingress-nginx-controller',
          '--election-id=ingress-nginx-leader',
          '--controller-class=k8s.io/ingress-nginx',
          '--ingress-class=nginx',
          '--configmap=$(POD_NAMESPACE)/ingress-nginx-controller',
          '--validating-webhook=:8443',
        ],
        ports: [
          { name: 'http', containerPort: 80 },
          { name: 'https', containerPort: 443 },
          { name: 'webhook', containerPort: 8443 },
        ],
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
          runAsNonRoot: true,
          runAsUser: 101,
        },
      },
    ],
  });
  b.add(
    obj(
      'v1',
      'ConfigMap',
      { name: 'ingress-nginx-controller', namespace: 'ingress-nginx', labels: CHART_LABELS, createdAt: 22 },
      {
        data: { 'allow-snippet-annotations': 'false', 'use-forwarded-headers': 'false', ...o.config },
      },
    ),
  );
  const { service } = b.service({
    name: 'ingress-nginx-controller',
    namespace: 'ingress-nginx',
    type: 'LoadBalancer',
    selector: LABELS,
    labels: CHART_LABELS,
    createdAt: 22,
    ...(o.serviceAnnotations ? { annotations: { ...o.serviceAnnotations } } : {}),
    externalTrafficPolicy: o.externalTrafficPolicy,
    loadBalancerIngress: o.loadBalancerIP ? [o.loadBalancerIP] : [],
    ports: [
      { name: 'http', port: 80, targetPort: 'http', appProtocol: 'http', nodePort: o.nodePorts?.http },
      { name: 'https', port: 443, targetPort: 'https', appProtocol: 'https', nodePort: o.nodePorts?.https },
    ],
  });
  b.service({
    name: 'ingress-nginx-controller-admission',
    namespace: 'ingress-nginx',
    selector: LABELS,
    labels: CHART_LABELS,
    createdAt: 22,
    ports: [{ name: 'https-webhook', port: 443, targetPort: 'webhook', appProtocol: 'https' }],
  });
  return { service };
}

export interface IngressRuleInput {
  readonly host: string;
  readonly paths: ReadonlyArray<{
    path: string;
    pathType: 'Prefix' | 'Exact' | 'ImplementationSpecific';
    service: string;
    port: number | string;
  }>;
}

export function ingress(
  name: string,
  namespace: string,
  rules: readonly IngressRuleInput[],
  lbIP?: string,
  tlsSecret?: string,
  annotations: Readonly<Record<string, string>> = {},
): KubeObject {
  return obj(
    'networking.k8s.io/v1',
    'Ingress',
    {
      name,
      namespace,
      createdAt: 40,
      generation: 1,
      annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '16m', ...annotations },
    },
    {
      spec: {
        ingressClassName: 'nginx',
        rules: rules.map((r) => ({
          host: r.host,
          http: {
            paths: r.paths.map((p) => ({
              backend: {
                service: {
                  name: p.service,
                  port: typeof p.port === 'number' ? { number: p.port } : { name: p.port },
                },
              },
              path: p.path,
              pathType: p.pathType,
            })),
          },
        })),
        ...(tlsSecret ? { tls: [{ hosts: rules.map((r) => r.host), secretName: tlsSecret }] } : {}),
      },
      status: { loadBalancer: lbIP ? { ingress: [{ ip: lbIP }] } : {} },
    },
  );
}

/** The shop's Ingress: shop.example.no with /api → api:8080 and / → web:http, TLS from shop-example-no-tls. */
export function shopIngress(lbIP?: string): KubeObject {
  return ingress(
    'shop',
    'shop',
    [
      {
        host: 'shop.example.no',
        paths: [
          { path: '/api', pathType: 'Prefix', service: 'api', port: 8080 },
          { path: '/', pathType: 'Prefix', service: 'web', port: 'http' },
        ],
      },
    ],
    lbIP,
    'shop-example-no-tls',
  );
}

/** A customer's two requests through the shop's Ingress: the page and the API. */
export function shopCustomerQueries(client: string): ScenarioQuery[] {
  return ['https://shop.example.no/', 'https://shop.example.no/api/cart'].map((url) => ({
    label: `customer → ${url}`,
    from: client,
    to: url,
    port: 443,
    protocol: 'TCP',
  }));
}
