// "Try the fix": the object changes a finding's fix stands for, as a what-if the user can
// lay over the snapshot before applying anything. Built from the objects the finding's
// evidence names, so a fix always edits the real object (same group, kind, namespace and
// name: it replaces it in the overlay, as `kubectl apply` would).

import { parse, stringify } from 'yaml';
import type { ClusterModel, KubeObject } from '../../model/types';
import type { Evidence, Finding, TraceResult } from '../types';
import { suggestForTrace } from './suggest';

export interface FixChanges {
  readonly apply: readonly KubeObject[];
  /** Why these objects, and what they rest on (shown next to "Try the fix"). */
  readonly notes: readonly string[];
}

/** The cluster DNS allow of the seed article: UDP and TCP 53 to the CoreDNS pods only. */
export function allowDnsPolicy(namespace: string): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'allow-dns', namespace },
    spec: {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    },
  };
}

function rawObject(
  model: ClusterModel,
  kind: string,
  namespace: string | undefined,
  name: string,
): KubeObject | undefined {
  return model.objectsByKind
    .get(kind)
    ?.find(
      (o) =>
        o.metadata.name === name &&
        (namespace === undefined || (o.metadata.namespace ?? 'default') === namespace),
    );
}

function evidenceOf(finding: Finding, kind: string): Evidence | undefined {
  return finding.evidence.find((e) => e.kind === kind && e.name !== '(none)');
}

/** A copy with `spec` merged one level deep, without server-set fields that apply would not send. */
export function withSpec(object: KubeObject, spec: Record<string, unknown>): KubeObject {
  const { status: _status, ...rest } = object as KubeObject & { status?: unknown };
  const { managedFields: _m, resourceVersion: _r, uid: _u, ...metadata } = object.metadata;
  return { ...rest, metadata, spec: { ...((object.spec as Record<string, unknown>) ?? {}), ...spec } };
}

function strictArpConfigMap(model: ClusterModel): KubeObject | undefined {
  const cm = rawObject(model, 'ConfigMap', 'kube-system', 'kube-proxy') as
    (KubeObject & { data?: Record<string, string> }) | undefined;
  const text = cm?.data?.['config.conf'];
  if (!cm || typeof text !== 'string') return undefined;
  const config = (parse(text) as Record<string, unknown> | null) ?? {};
  const ipvs = { ...((config.ipvs as Record<string, unknown>) ?? {}), strictARP: true };
  const { managedFields: _m, resourceVersion: _r, uid: _u, ...metadata } = cm.metadata;
  return { ...cm, metadata, data: { ...cm.data, 'config.conf': stringify({ ...config, ipvs }) } };
}

/**
 * The changes that carry out `finding`'s fix, or undefined when its fix is not an object
 * change packetpath can make (a kernel upgrade, an MTU on a NIC). Policy denials need the
 * trace they were found on: the suggestion is read off its policy hops.
 */
export function fixChanges(
  model: ClusterModel,
  finding: Finding,
  trace?: TraceResult,
): FixChanges | undefined {
  switch (finding.code) {
    case 'POLICY_EGRESS_DENIED':
    case 'POLICY_INGRESS_DENIED': {
      if (!trace) return undefined;
      const s = suggestForTrace(model, trace);
      return s.objects.length
        ? {
            apply: s.objects,
            notes: [
              'Least-privilege NetworkPolicies for exactly this connection; the isolation that denied it may be intended.',
              ...s.notes,
            ],
          }
        : undefined;
    }
    case 'DNS_BLOCKED_BY_DEFAULT_DENY': {
      const namespaces = [
        ...new Set(finding.evidence.map((e) => e.namespace).filter((n): n is string => Boolean(n))),
      ].sort();
      if (namespaces.length === 0) return undefined;
      return {
        apply: namespaces.map(allowDnsPolicy),
        notes: [
          `allow-dns in ${namespaces.join(', ')}: UDP and TCP 53 to the CoreDNS pods (kube-system, k8s-app=kube-dns) only.`,
        ],
      };
    }
    case 'CLIENT_IP_LOST_ETP_CLUSTER': {
      const e = evidenceOf(finding, 'Service');
      const svc = e && rawObject(model, 'Service', e.namespace, e.name);
      if (!svc) return undefined;
      return {
        apply: [withSpec(svc, { externalTrafficPolicy: 'Local' })],
        notes: [
          `externalTrafficPolicy: Local on ${e.namespace}/${e.name}: nodes without a ready local endpoint stop answering (health check node port), and the client address is kept.`,
        ],
      };
    }
    case 'METALLB_NOT_ADVERTISED': {
      const e = evidenceOf(finding, 'IPAddressPool');
      if (!e) return undefined;
      return {
        apply: [
          {
            apiVersion: 'metallb.io/v1beta1',
            kind: 'L2Advertisement',
            metadata: { name: `${e.name}-l2`, namespace: e.namespace ?? 'metallb-system' },
            spec: { ipAddressPools: [e.name] },
          },
        ],
        notes: [`An L2Advertisement for pool ${e.name}: one speaker node answers ARP for the address.`],
      };
    }
    case 'IPVS_STRICT_ARP_REQUIRED': {
      const cm = strictArpConfigMap(model);
      return cm
        ? {
            apply: [cm],
            notes: [
              "ipvs.strictARP: true in kube-proxy's configuration; kube-proxy reads it at start: kubectl -n kube-system rollout restart ds/kube-proxy after applying.",
            ],
          }
        : undefined;
    }
    default:
      return undefined;
  }
}
