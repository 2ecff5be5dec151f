// NetworkPolicy builders for the shapes operators actually write.

import type { KubeObject } from '../../model/types';
import { obj } from './meta';

export function networkPolicy(
  name: string,
  namespace: string,
  spec: Record<string, unknown>,
  createdAt = 50,
): KubeObject {
  return obj(
    'networking.k8s.io/v1',
    'NetworkPolicy',
    { name, namespace, createdAt, generation: 1 },
    { spec },
  );
}

/** The seed's `default-deny-all`: every pod, both directions, no rules. */
export function defaultDenyAll(namespace: string, createdAt = 50): KubeObject {
  return networkPolicy(
    'default-deny-all',
    namespace,
    { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    createdAt,
  );
}

/** Egress to the cluster DNS pods on UDP and TCP 53 (namespace AND pod selector in one peer). */
export function allowDns(namespace: string, createdAt = 70): KubeObject {
  return networkPolicy(
    'allow-dns',
    namespace,
    {
      egress: [
        {
          ports: [
            { port: 53, protocol: 'UDP' },
            { port: 53, protocol: 'TCP' },
          ],
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
        },
      ],
      podSelector: {},
      policyTypes: ['Egress'],
    },
    createdAt,
  );
}
