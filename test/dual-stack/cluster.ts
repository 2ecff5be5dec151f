// A small dual-stack cluster as `kubectl get -o yaml` shows one: two workers with an
// IPv4 and an IPv6 InternalIP, Calico with an IPv4 pool (IP-in-IP) and an IPv6 pool
// (VXLAN: Calico has no IP-in-IP for IPv6), pods with both addresses in status.podIPs, a
// PreferDualStack Service with a ClusterIP per family and one EndpointSlice per
// addressType, as the EndpointSlice controller writes them.
// Shapes: https://kubernetes.io/docs/concepts/services-networking/dual-stack/

import type { ClusterModel } from 'lib/model/types';
import { modelOfYaml } from '../fixtures/ingest/model';

export interface DualStackOptions {
  readonly kubeProxy?: string;
  readonly ipFamilies?: readonly string[];
  readonly extra?: string;
  /** Replaces the Calico pools (e.g. a Cilium ConfigMap instead). */
  readonly cni?: string;
}

const CALICO = `
apiVersion: crd.projectcalico.org/v1
kind: IPPool
metadata: {name: default-ipv4-ippool}
spec: {cidr: 10.244.0.0/16, ipipMode: Always, vxlanMode: Never, natOutgoing: true, blockSize: 26}
---
apiVersion: crd.projectcalico.org/v1
kind: IPPool
metadata: {name: default-ipv6-ippool}
spec: {cidr: 'fd00:10:244::/56', ipipMode: Never, vxlanMode: Always, natOutgoing: false, blockSize: 122}
`;

export function dualStackYaml(o: DualStackOptions = {}): string {
  const families = o.ipFamilies ?? ['IPv4', 'IPv6'];
  const clusterIPs = families.map((f) => (f === 'IPv4' ? '10.96.0.20' : "'fd00:10:96::20'"));
  return `
apiVersion: v1
kind: Node
metadata:
  name: worker-1
  annotations: {projectcalico.org/IPv4Address: 10.0.0.11/24, projectcalico.org/IPv6Address: 'fd00:10:0:1::11/64'}
spec: {podCIDR: 10.244.1.0/24, podCIDRs: [10.244.1.0/24, 'fd00:10:244:1::/64']}
status:
  addresses: [{type: InternalIP, address: 10.0.0.11}, {type: InternalIP, address: 'fd00:10:0:1::11'}, {type: Hostname, address: worker-1}]
  conditions: [{type: Ready, status: 'True'}]
---
apiVersion: v1
kind: Node
metadata:
  name: worker-2
  annotations: {projectcalico.org/IPv4Address: 10.0.0.12/24, projectcalico.org/IPv6Address: 'fd00:10:0:1::12/64'}
spec: {podCIDR: 10.244.2.0/24, podCIDRs: [10.244.2.0/24, 'fd00:10:244:2::/64']}
status:
  addresses: [{type: InternalIP, address: 10.0.0.12}, {type: InternalIP, address: 'fd00:10:0:1::12'}, {type: Hostname, address: worker-2}]
  conditions: [{type: Ready, status: 'True'}]
---
${o.cni ?? CALICO}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: kube-proxy, namespace: kube-system}
data:
  config.conf: |
    mode: ${o.kubeProxy ?? 'iptables'}
    clusterCIDR: 10.244.0.0/16,fd00:10:244::/56
---
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {kubernetes.io/metadata.name: shop}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec:
  nodeName: worker-1
  containers: [{name: web, image: nginx, ports: [{name: http, containerPort: 8080}]}]
status:
  phase: Running
  hostIP: 10.0.0.11
  podIP: 10.244.1.5
  podIPs: [{ip: 10.244.1.5}, {ip: 'fd00:10:244:1::5'}]
  conditions: [{type: Ready, status: 'True'}]
---
apiVersion: v1
kind: Pod
metadata: {name: legacy, namespace: shop, labels: {app: legacy}}
spec:
  nodeName: worker-1
  containers: [{name: legacy, image: busybox}]
status:
  phase: Running
  hostIP: 10.0.0.11
  podIP: 10.244.1.9
  podIPs: [{ip: 10.244.1.9}]
  conditions: [{type: Ready, status: 'True'}]
---
apiVersion: v1
kind: Pod
metadata: {name: db-0, namespace: shop, labels: {app: db}}
spec:
  nodeName: worker-2
  containers: [{name: postgres, image: postgres, ports: [{name: postgres, containerPort: 5432}]}]
status:
  phase: Running
  hostIP: 10.0.0.12
  podIP: 10.244.2.7
  podIPs: [{ip: 10.244.2.7}, {ip: 'fd00:10:244:2::7'}]
  conditions: [{type: Ready, status: 'True'}]
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec:
  type: ClusterIP
  ipFamilyPolicy: ${families.length > 1 ? 'PreferDualStack' : 'SingleStack'}
  ipFamilies: [${families.join(', ')}]
  clusterIP: ${clusterIPs[0]}
  clusterIPs: [${clusterIPs.join(', ')}]
  selector: {app: db}
  ports: [{name: postgres, port: 5432, targetPort: postgres, protocol: TCP}]
${families
  .map(
    (f) => `---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: db-${f === 'IPv4' ? 'v4abc' : 'v6xyz'}, namespace: shop, labels: {kubernetes.io/service-name: db}}
addressType: ${f}
ports: [{name: postgres, port: 5432, protocol: TCP}]
endpoints:
- addresses: [${f === 'IPv4' ? '10.244.2.7' : "'fd00:10:244:2::7'"}]
  conditions: {ready: true, serving: true, terminating: false}
  nodeName: worker-2
  targetRef: {kind: Pod, namespace: shop, name: db-0}`,
  )
  .join('\n')}
${o.extra ?? ''}
`;
}

export function dualStackModel(o: DualStackOptions = {}): ClusterModel {
  return modelOfYaml(dualStackYaml(o));
}
