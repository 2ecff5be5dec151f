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
  shortAnnotation: 'pl4nt3d-ann',
  urlAnnotation: 'planted-url-annotation-6a02f1',
  argSpaceP: 'planted-arg-p-space-e19b4c',
  argJoinedP: 'planted-arg-p-joined-77d2aa',
  argConn: 'planted-arg-conn-url-3f8e10',
  shellAssignment: 'planted-shell-pgpassword-b5c3d9',
  probeCommand: 'planted-probe-token-0a9f3e',
  configMapUrl: 'planted-configmap-url-c2e4b8',
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
          annotations: {
            'kubectl.kubernetes.io/last-applied-configuration': lastApplied,
            team: 'payments',
            // Short, not JSON: only the allowlist of annotations the engine reads keeps it out.
            'example.com/db-pass': PLANTED.shortAnnotation,
          },
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
                  command: [
                    'sh',
                    '-c',
                    `PGPASSWORD=${PLANTED.shellAssignment} psql -h db -U app -c 'select 1'`,
                  ],
                  args: [
                    '-p',
                    PLANTED.argSpaceP,
                    `-p${PLANTED.argJoinedP}`,
                    `--conn=postgres://app:${PLANTED.argConn}@db:5432/shop`,
                    '-p',
                    '8080',
                  ],
                  livenessProbe: { exec: { command: ['check', `--api-token=${PLANTED.probeCommand}`] } },
                  env: [
                    { name: 'DB_PASSWORD', value: PLANTED.envValue },
                    {
                      name: 'FROM_SECRET',
                      valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } },
                    },
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
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
          name: 'db',
          namespace: 'shop',
          // An annotation the engine keeps (a cloud LB setting) that carries a URL with a password.
          annotations: {
            'service.beta.kubernetes.io/backend-url': `https://lb:${PLANTED.urlAnnotation}@lb.example.com/`,
          },
        },
        spec: { selector: { app: 'db' }, ports: [{ port: 5432 }] },
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'cilium-config', namespace: 'kube-system' },
        data: {
          tunnel: 'vxlan',
          'kvstore-opt': `{"etcd.config": "etcd://root:${PLANTED.configMapUrl}@etcd:2379"}`,
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
