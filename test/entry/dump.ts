// A small bare-metal cluster as `kubectl get -o yaml` would dump it: three nodes, Calico
// VXLAN, kube-proxy iptables, MetalLB L2, an ingress-nginx controller (Deployment, pods,
// LoadBalancer Service, ConfigMap) and a shop web Service. Tests add the objects they
// are about and read them through ingest, as a user's files would be.

import { loadModel, parseText, snapshotFromObjects } from 'lib/ingest';
import type { ClusterModel } from 'lib/model/types';
import { traceRoute } from 'lib/engine/trace';
import type { TraceQuery, TraceResult } from 'lib/engine/types';

const node = (name: string, ip: string, cidr: string, vxlan: string) => `---
apiVersion: v1
kind: Node
metadata:
  name: ${name}
  labels: {kubernetes.io/hostname: ${name}, kubernetes.io/os: linux}
  annotations: {projectcalico.org/IPv4Address: ${ip}/24, projectcalico.org/IPv4VXLANTunnelAddr: ${vxlan}}
spec: {podCIDR: ${cidr}}
status:
  addresses: [{type: InternalIP, address: ${ip}}, {type: Hostname, address: ${name}}]
  conditions: [{type: Ready, status: "True"}]
`;

export const pod = (
  ns: string,
  name: string,
  nodeName: string,
  ip: string,
  labels: Record<string, string>,
  ports: Array<[string, number]>,
) => `---
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${ns}
  labels: {${Object.entries(labels)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ')}}
spec:
  nodeName: ${nodeName}
  containers: [{name: main, image: example/${name}, ports: [${ports.map(([n, p]) => `{name: ${n}, containerPort: ${p}}`).join(', ')}]}]
status:
  phase: Running
  podIP: ${ip}
  podIPs: [{ip: ${ip}}]
  hostIP: 192.168.1.1
  conditions: [{type: Ready, status: "True"}]
`;

const NGINX_LABELS = {
  'app.kubernetes.io/name': 'ingress-nginx',
  'app.kubernetes.io/instance': 'ingress-nginx',
  'app.kubernetes.io/component': 'controller',
};

export interface BaseOptions {
  /** The controller Service's externalTrafficPolicy. */
  readonly etp?: 'Cluster' | 'Local';
  /** The controller Service's assigned LoadBalancer address (none: status empty). */
  readonly lbIP?: string;
  readonly controllerConfig?: Record<string, string>;
  /** Extra Felix settings (bpfEnabled, bpfExternalServiceMode). */
  readonly felix?: Record<string, string | boolean>;
}

export function base(o: BaseOptions = {}): string {
  const labels = Object.entries(NGINX_LABELS)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  return [
    node('cp-1', '192.168.1.10', '10.244.0.0/24', '10.244.0.1'),
    node('worker-1', '192.168.1.11', '10.244.1.0/24', '10.244.1.1'),
    node('worker-2', '192.168.1.12', '10.244.2.0/24', '10.244.2.1'),
    `---
apiVersion: crd.projectcalico.org/v1
kind: IPPool
metadata: {name: default-ipv4-ippool}
spec: {cidr: 10.244.0.0/16, vxlanMode: Always, ipipMode: Never, natOutgoing: true}
---
apiVersion: crd.projectcalico.org/v1
kind: FelixConfiguration
metadata: {name: default}
spec: {${Object.entries(o.felix ?? {})
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ')}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: kube-proxy, namespace: kube-system}
data:
  config.conf: |
    mode: iptables
---
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata: {name: public, namespace: metallb-system}
spec: {addresses: [192.168.1.240-192.168.1.250]}
---
apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata: {name: public, namespace: metallb-system}
spec: {ipAddressPools: [public]}
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx}
spec: {controller: k8s.io/ingress-nginx}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ingress-nginx-controller, namespace: ingress-nginx, labels: {${labels}}}
spec:
  selector: {matchLabels: {${labels}}}
  template:
    metadata: {labels: {${labels}}}
    spec:
      containers:
      - name: controller
        image: registry.k8s.io/ingress-nginx/controller:v1.11.2
        args: [/nginx-ingress-controller, --election-id=ingress-nginx-leader, --controller-class=k8s.io/ingress-nginx, --ingress-class=nginx, --configmap=$(POD_NAMESPACE)/ingress-nginx-controller]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
data: {${Object.entries({ 'allow-snippet-annotations': 'false', ...o.controllerConfig })
      .map(([k, v]) => `${k}: "${v}"`)
      .join(', ')}}
---
apiVersion: v1
kind: Service
metadata: {name: ingress-nginx-controller, namespace: ingress-nginx, labels: {${labels}}}
spec:
  type: LoadBalancer
  externalTrafficPolicy: ${o.etp ?? 'Cluster'}
  clusterIP: 10.96.100.10
  selector: {${labels}}
  ports:
  - {name: http, port: 80, targetPort: http, nodePort: 31080}
  - {name: https, port: 443, targetPort: https, nodePort: 31443}
status: {loadBalancer: {${o.lbIP ? `ingress: [{ip: ${o.lbIP}}]` : ''}}}
---
apiVersion: v1
kind: Service
metadata: {name: ingress-nginx-controller-admission, namespace: ingress-nginx}
spec:
  clusterIP: 10.96.100.11
  selector: {${labels}}
  ports: [{name: https-webhook, port: 443, targetPort: 8443}]
`,
    pod('ingress-nginx', 'ingress-nginx-controller-7d9f-abcde', 'worker-1', '10.244.1.20', NGINX_LABELS, [
      ['http', 80],
      ['https', 443],
      ['webhook', 8443],
    ]),
    `---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  clusterIP: 10.96.0.42
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  clusterIP: 10.96.0.43
  selector: {app: api}
  ports: [{name: http, port: 8080, targetPort: http}]
`,
    pod('shop', 'web-5c8d-x1', 'worker-2', '10.244.2.31', { app: 'web' }, [['http', 8080]]),
    pod('shop', 'api-6f7a-y1', 'worker-2', '10.244.2.32', { app: 'api' }, [['http', 8080]]),
  ].join('');
}

export function modelFrom(yaml: string): ClusterModel {
  const parsed = parseText(yaml, 'dump.yaml');
  const { snapshot } = snapshotFromObjects([parsed], { kind: 'files', title: 'dump.yaml' });
  return loadModel(snapshot);
}

export function traceIn(yaml: string, q: TraceQuery): TraceResult {
  return traceRoute(modelFrom(yaml), q);
}

export const kinds = (r: TraceResult) => r.hops.map((h) => h.kind);
export const codes = (r: TraceResult) => r.findings.map((f) => f.code);
export const hop = (r: TraceResult, kind: string) => r.hops.find((h) => h.kind === kind);
export const finding = (r: TraceResult, code: string) => r.findings.find((f) => f.code === code);
