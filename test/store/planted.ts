// A snapshot with secret values planted where people really keep them, and a harmless
// marker in a field the engine reads (the positive control: a search that cannot find the
// marker proves nothing).

import type { Snapshot } from '../../lib/model/types';

export const PLANTED = {
  secretData: 'planted-secret-data-7f3a91',
  secretString: 'planted-string-data-2b77c0',
  envValue: 'planted-env-value-c41d0e',
  annotation: 'planted-annotation-99e1aa',
  configMapExtra: 'planted-configmap-extra-51fe07',
  bgpPassword: 'planted-bgp-password-0d2c66',
} as const;

/** Stays in the redacted snapshot: kube-proxy's mode line, which the engine reads. */
export const KEPT_MARKER = 'kept-marker-ipvs-scheduler-5a1e';

export function plantedSnapshot(): Snapshot {
  const lastApplied = JSON.stringify({ kind: 'Secret', stringData: { token: PLANTED.annotation } });
  return {
    meta: { kind: 'upload', title: 'planted.yaml' },
    settings: { underlayMTU: 1500 },
    objects: [
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'db-credentials', namespace: 'shop' },
        data: { password: Buffer.from(PLANTED.secretData).toString('base64'), raw: PLANTED.secretData },
        stringData: { url: `postgres://app:${PLANTED.secretString}@db/shop` },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: 'web',
          namespace: 'shop',
          annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied, 'team': 'payments' },
        },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: {
              containers: [
                {
                  name: 'web',
                  image: 'nginx:1.27',
                  ports: [{ name: 'http', containerPort: 8080 }],
                  env: [
                    { name: 'DB_PASSWORD', value: PLANTED.envValue },
                    { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } },
                  ],
                },
              ],
            },
          },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'kube-proxy', namespace: 'kube-system' },
        data: {
          'config.conf': `apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ipvs\nipvs:\n  scheduler: rr # ${KEPT_MARKER}\n`,
          'kubeconfig.conf': `token: ${PLANTED.configMapExtra}`,
        },
      },
      {
        apiVersion: 'metallb.io/v1beta2',
        kind: 'BGPPeer',
        metadata: { name: 'router', namespace: 'metallb-system' },
        spec: { peerAddress: '10.0.0.1', peerASN: 64501, myASN: 64500, password: PLANTED.bgpPassword },
      },
    ],
  };
}
