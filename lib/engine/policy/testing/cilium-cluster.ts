// A small Cilium cluster as YAML, for the Cilium policy tests: two namespaces, pods on
// two nodes, the API server's endpoints, a Service. Tests append their policies.

import { loadModel, parseText, snapshotFromObjects } from '../../../ingest';
import type { ClusterModel } from '../../../model/types';
import { evaluateConnection } from '../evaluate';
import type { ConnectionVerdict, PeerEndpoint } from '../types';

export const CLUSTER = `---
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: shop}}
---
apiVersion: v1
kind: Namespace
metadata: {name: ops, labels: {team: ops}}
---
apiVersion: v1
kind: Node
metadata: {name: n1, labels: {kubernetes.io/hostname: n1, role: worker}}
status: {addresses: [{type: InternalIP, address: 192.168.0.11}]}
---
apiVersion: v1
kind: Node
metadata: {name: n2, labels: {kubernetes.io/hostname: n2, role: worker}}
status: {addresses: [{type: InternalIP, address: 192.168.0.12}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {nodeName: n1, serviceAccountName: web-sa, containers: [{name: c, image: i}]}
status: {podIP: 10.0.1.10, hostIP: 192.168.0.11}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop, labels: {app: api}}
spec: {nodeName: n2, containers: [{name: c, image: i, ports: [{name: http, containerPort: 8080}]}]}
status: {podIP: 10.0.2.20, hostIP: 192.168.0.12}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: ops, labels: {app: web}}
spec: {nodeName: n2, containers: [{name: c, image: i}]}
status: {podIP: 10.0.2.30, hostIP: 192.168.0.12}
---
apiVersion: v1
kind: Service
metadata: {name: kubernetes, namespace: default}
spec: {clusterIP: 10.96.0.1, ports: [{name: https, port: 443, targetPort: 6443}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: kubernetes, namespace: default, labels: {kubernetes.io/service-name: kubernetes}}
addressType: IPv4
endpoints: [{addresses: [172.16.0.5]}]
ports: [{name: https, port: 6443, protocol: TCP}]
---
apiVersion: v1
kind: Service
metadata: {name: payments, namespace: shop}
spec: {clusterIP: 10.96.5.5, ports: [{port: 443}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: payments-1, namespace: shop, labels: {kubernetes.io/service-name: payments}}
addressType: IPv4
endpoints: [{addresses: [203.0.113.50]}]
ports: [{port: 443, protocol: TCP}]
`;

export function ciliumModel(policies: string): ClusterModel {
  const { snapshot } = snapshotFromObjects([parseText(CLUSTER + policies, 'cluster.yaml')], {
    kind: 'files',
    title: 'cilium test',
  });
  return loadModel(snapshot);
}

export function pod(model: ClusterModel, key: string): PeerEndpoint {
  const p = model.pods.get(key);
  if (!p) throw new Error(`no pod ${key}`);
  return { type: 'pod', pod: p };
}

export const ip = (addr: string): PeerEndpoint => ({ type: 'ip', ip: addr });

export function verdict(
  model: ClusterModel,
  from: PeerEndpoint,
  to: PeerEndpoint,
  port = 80,
  protocol: 'TCP' | 'UDP' | 'SCTP' = 'TCP',
): ConnectionVerdict {
  return evaluateConnection(model, from, to, protocol, port);
}

/** A CiliumNetworkPolicy document (YAML) with `spec` indented under it. */
export const cnp = (ns: string, name: string, spec: string) => `---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec:
${spec.replace(/^/gm, '  ')}
`;
/** A CiliumClusterwideNetworkPolicy document. */
export const ccnp = (name: string, spec: string) => `---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: ${name}}
spec:
${spec.replace(/^/gm, '  ')}
`;
/** A Kubernetes NetworkPolicy document. */
export const knp = (ns: string, name: string, spec: string) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec:
${spec.replace(/^/gm, '  ')}
`;
