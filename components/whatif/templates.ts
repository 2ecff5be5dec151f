// Starting points for a what-if object: the changes people make most when fixing the
// problems packetpath finds. Each builds a complete object from what the page knows
// (the namespaces of the query, the cluster's MetalLB pools, the destination Service).

import type { KubeObject } from 'lib/model/types';
import { allowDnsPolicy, withSpec } from 'lib/engine/whatif/fix-changes';

export interface TemplateContext {
  /** Namespace of the traced source pod (or the first namespace). */
  readonly namespace: string;
  /** Namespace of the traced destination, when it is in the cluster. */
  readonly peerNamespace?: string;
  readonly pools: readonly { readonly name: string; readonly namespace: string }[];
  /** The traced destination Service as stored, for the eTP Local template. */
  readonly service?: KubeObject;
}

export interface Template {
  readonly id: string;
  readonly label: string;
  build(ctx: TemplateContext): KubeObject | undefined;
}

export const TEMPLATES: readonly Template[] = [
  { id: 'allow-dns', label: 'Allow DNS', build: (ctx) => allowDnsPolicy(ctx.namespace) },
  {
    id: 'allow-from-namespace',
    label: 'Allow from a namespace',
    build: (ctx) => {
      const into = ctx.peerNamespace ?? ctx.namespace;
      return {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: `allow-from-${ctx.namespace}`, namespace: into },
        spec: {
          podSelector: {},
          policyTypes: ['Ingress'],
          ingress: [
            {
              from: [
                { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ctx.namespace } } },
              ],
            },
          ],
        },
      };
    },
  },
  {
    id: 'default-deny',
    label: 'Default deny',
    build: (ctx) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny-all', namespace: ctx.peerNamespace ?? ctx.namespace },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    }),
  },
  {
    id: 'l2-advertisement',
    label: 'MetalLB L2Advertisement',
    build: (ctx) => {
      const pool = ctx.pools[0];
      if (!pool) return undefined;
      return {
        apiVersion: 'metallb.io/v1beta1',
        kind: 'L2Advertisement',
        metadata: { name: `${pool.name}-l2`, namespace: pool.namespace },
        spec: { ipAddressPools: ctx.pools.map((p) => p.name) },
      };
    },
  },
  {
    id: 'etp-local',
    label: 'externalTrafficPolicy: Local',
    build: (ctx) => {
      return ctx.service ? withSpec(ctx.service, { externalTrafficPolicy: 'Local' }) : undefined;
    },
  },
];
