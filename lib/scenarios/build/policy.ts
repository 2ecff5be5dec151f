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

/**
 * The pair of policies a default-deny namespace needs for app=FROM to open a port on app=TO:
 * FROM's egress (`FROM-egress-to-TO`) and TO's ingress (`TO-ingress-from-FROM`). Operators
 * usually write the egress port as a number and the ingress port by the container's port
 * name, so the two are given separately.
 */
export function allowAppToApp(
  namespace: string,
  from: string,
  to: string,
  ports: { egress: number | string; ingress: number | string },
  createdAt = 51,
): [KubeObject, KubeObject] {
  return [
    networkPolicy(
      `${from}-egress-to-${to}`,
      namespace,
      {
        egress: [
          {
            ports: [{ port: ports.egress, protocol: 'TCP' }],
            to: [{ podSelector: { matchLabels: { app: to } } }],
          },
        ],
        podSelector: { matchLabels: { app: from } },
        policyTypes: ['Egress'],
      },
      createdAt,
    ),
    networkPolicy(
      `${to}-ingress-from-${from}`,
      namespace,
      {
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { app: from } } }],
            ports: [{ port: ports.ingress, protocol: 'TCP' }],
          },
        ],
        podSelector: { matchLabels: { app: to } },
        policyTypes: ['Ingress'],
      },
      createdAt,
    ),
  ];
}
