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
    expect(snapshot.objects.map((o) => o.kind)).toEqual(['Deployment', 'ConfigMap', 'BGPPeer']);
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

  it('drops last-applied-configuration but keeps small plain annotations', () => {
    expect(snapshot.objects[0]!.metadata.annotations).toEqual({ team: 'payments' });
  });

  it('keeps only the ConfigMap keys the engine reads', () => {
    const cm = snapshot.objects[1] as unknown as { data: Record<string, string> };
    expect(Object.keys(cm.data)).toEqual(['config.conf']);
    expect(removed).toContainEqual(expect.objectContaining({ field: 'data.kubeconfig.conf' }));
  });

  it('keeps CNI annotations even when they hold JSON', () => {
    const node = {
      kind: 'Node',
      metadata: {
        name: 'n1',
        annotations: { 'flannel.alpha.coreos.com/backend-data': '{"VNI":1}', 'example.com/blob': '{"a":1}' },
      },
    };
    const out = redactSnapshot({ meta: { kind: 'upload', title: 't' }, settings: {}, objects: [node] });
    expect(out.snapshot.objects[0]!.metadata.annotations).toEqual({ 'flannel.alpha.coreos.com/backend-data': '{"VNI":1}' });
  });

  it('changes nothing in a snapshot without sensitive fields', () => {
    const clean = { meta: { kind: 'upload' as const, title: 't' }, settings: {}, objects: [{ kind: 'Service', metadata: { name: 's' }, spec: { ports: [] } }] };
    expect(redactSnapshot(clean)).toEqual({ snapshot: clean, removed: [] });
  });

  it('scrubs credentials passed as container arguments but keeps the flags the engine reads', () => {
    const args = ['--ip-masq', '--kube-subnet-mgr', '--db-password=hunter2-arg', '--token', 'tok-123-arg', '--proxy-mode=ipvs'];
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
