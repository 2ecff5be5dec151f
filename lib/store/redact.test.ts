import { describe, expect, it } from 'vitest';
import { REDACTED, redactSnapshot } from './redact';
import { KEPT_MARKER, PLANTED, plantedSnapshot } from '../../test/store/planted';

describe('redactSnapshot', () => {
  const { snapshot, removed } = redactSnapshot(plantedSnapshot());
  const text = JSON.stringify(snapshot);

  it('removes every planted secret value and keeps what the engine reads', () => {
    for (const value of Object.values(PLANTED)) expect(text).not.toContain(value);
    expect(text).not.toContain(Buffer.from(PLANTED.secretData).toString('base64'));
    expect(text).toContain(KEPT_MARKER);
    expect(text).toContain('mode: ipvs');
  });

  it('drops Secret objects entirely and reports them', () => {
    expect(snapshot.objects.map((o) => o.kind)).toEqual([
      'Deployment',
      'ConfigMap',
      'Service',
      'ConfigMap',
      'BGPPeer',
    ]);
    expect(removed).toContainEqual({
      ref: { kind: 'Secret', name: 'db-credentials', namespace: 'shop' },
      field: '(whole object)',
      reason: 'Secret objects are never stored',
    });
  });

  it('replaces env values with a marker but keeps references to secrets', () => {
    const deploy = snapshot.objects[0] as unknown as {
      spec: { template: { spec: { containers: Array<{ env: unknown[]; ports: unknown[] }> } } };
    };
    const container = deploy.spec.template.spec.containers[0]!;
    expect(container.env).toEqual([
      { name: 'DB_PASSWORD', value: REDACTED },
      { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } },
    ]);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080 }]);
    expect(removed.map((r) => r.field)).toContain('spec.template.spec.containers[0].env[0].value');
  });

  it('keeps only the annotations the engine reads, and lists the others as removed', () => {
    // Short plain annotations go too: `example.com/db-pass: pl4nt3d-ann` is as secret as a long one.
    expect(snapshot.objects[0]!.metadata.annotations).toEqual({});
    const fields = removed.filter((r) => r.ref.name === 'web').map((r) => r.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'metadata.annotations.kubectl.kubernetes.io/last-applied-configuration',
        'metadata.annotations.team',
        'metadata.annotations.example.com/db-pass',
      ]),
    );
  });

  it('keeps an annotation the engine reads but scrubs the password of a URL in it', () => {
    const svc = snapshot.objects.find((o) => o.kind === 'Service')!;
    expect(svc.metadata.annotations).toEqual({
      'service.beta.kubernetes.io/backend-url': `https://lb:${REDACTED}@lb.example.com/`,
    });
  });

  it('scrubs -p VALUE, -pVALUE, URL passwords, NAME=value in shell lines and exec probe tokens, keeping -p PORT', () => {
    const deploy = snapshot.objects[0] as unknown as {
      spec: {
        template: {
          spec: {
            containers: Array<{
              command: string[];
              args: string[];
              livenessProbe: { exec: { command: string[] } };
            }>;
          };
        };
      };
    };
    const c = deploy.spec.template.spec.containers[0]!;
    expect(c.args).toEqual([
      '-p',
      REDACTED,
      `-p${REDACTED}`,
      `--conn=postgres://app:${REDACTED}@db:5432/shop`,
      '-p',
      '8080',
    ]);
    expect(c.command).toEqual(['sh', '-c', `PGPASSWORD=${REDACTED} psql -h db -U app -c 'select 1'`]);
    expect(c.livenessProbe.exec.command).toEqual(['check', `--api-token=${REDACTED}`]);
  });

  it('scrubs URL passwords inside ConfigMap values it keeps', () => {
    const cm = snapshot.objects.find((o) => o.metadata.name === 'cilium-config') as unknown as {
      data: Record<string, string>;
    };
    expect(cm.data.tunnel).toBe('vxlan');
    expect(cm.data['kvstore-opt']).toBe(`{"etcd.config": "etcd://root:${REDACTED}@etcd:2379"}`);
  });

  it('is idempotent: redacting a redacted snapshot changes nothing and reports nothing', () => {
    const again = redactSnapshot(snapshot);
    expect(again.snapshot).toEqual(snapshot);
    expect(again.removed).toEqual([]);
  });

  it('drops every Secret-like kind (SealedSecret, ExternalSecret, SecretStore)', () => {
    const objects = ['SealedSecret', 'ExternalSecret', 'SecretStore'].map((kind) => ({
      kind,
      metadata: { name: 'x' },
      spec: { encryptedData: { a: 'planted' } },
    }));
    expect(
      redactSnapshot({ meta: { kind: 'upload', title: 't' }, settings: {}, objects }).snapshot.objects,
    ).toEqual([]);
  });

  it('keeps only the ConfigMap keys the engine reads', () => {
    const cm = snapshot.objects[1] as unknown as { data: Record<string, string> };
    expect(Object.keys(cm.data)).toEqual(['config.conf']);
    expect(removed).toContainEqual(expect.objectContaining({ field: 'data.kubeconfig.conf' }));
  });

  it('keeps CNI annotations even when they hold JSON, and drops unknown ones', () => {
    const node = {
      kind: 'Node',
      metadata: {
        name: 'n1',
        annotations: { 'flannel.alpha.coreos.com/backend-data': '{"VNI":1}', 'example.com/blob': '{"a":1}' },
      },
    };
    const out = redactSnapshot({ meta: { kind: 'upload', title: 't' }, settings: {}, objects: [node] });
    expect(out.snapshot.objects[0]!.metadata.annotations).toEqual({
      'flannel.alpha.coreos.com/backend-data': '{"VNI":1}',
    });
  });

  it('changes nothing in a snapshot without sensitive fields', () => {
    const clean = {
      meta: { kind: 'upload' as const, title: 't' },
      settings: {},
      objects: [{ kind: 'Service', metadata: { name: 's' }, spec: { ports: [] } }],
    };
    expect(redactSnapshot(clean)).toEqual({ snapshot: clean, removed: [] });
  });

  it('scrubs credentials passed as container arguments but keeps the flags the engine reads', () => {
    const args = [
      '--ip-masq',
      '--kube-subnet-mgr',
      '--db-password=hunter2-arg',
      '--token',
      'tok-123-arg',
      '--proxy-mode=ipvs',
    ];
    const { snapshot: out, removed: gone } = redactSnapshot({
      meta: { kind: 'upload', title: 't' },
      settings: {},
      objects: [
        {
          apiVersion: 'apps/v1',
          kind: 'DaemonSet',
          metadata: { name: 'kube-flannel-ds', namespace: 'kube-flannel' },
          spec: { template: { spec: { containers: [{ name: 'kube-flannel', args }] } } },
        },
      ],
    });
    const kept = JSON.stringify(out);
    expect(kept).not.toContain('hunter2-arg');
    expect(kept).not.toContain('tok-123-arg');
    expect(kept).toContain('--ip-masq');
    expect(kept).toContain('--proxy-mode=ipvs');
    expect(gone.map((r) => r.field)).toEqual([
      'spec.template.spec.containers[0].args[2]',
      'spec.template.spec.containers[0].args[4]',
    ]);
  });
});
