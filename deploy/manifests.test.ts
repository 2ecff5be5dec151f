// Renders every kustomize overlay with `kubectl kustomize`, validates each object against
// the Kubernetes schemas, and checks the promises the docs make: read-only RBAC without
// Secrets covering exactly what the live source reads, probes on the health routes, a
// non-root read-only container, and what each overlay changes.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkClusterRoleRules, type Rule } from './rbac-check';
import { repoRoot, run, tool } from './tools';
import { parseObjects, validateObject, type K8sObject } from './validate';

type Container = {
  name: string;
  env?: Array<{
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
  }>;
  ports: Array<{ name: string; containerPort: number }>;
  livenessProbe?: { httpGet?: { path: string; port: string } };
  readinessProbe?: { httpGet?: { path: string; port: string } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
};
type PodSpec = {
  automountServiceAccountToken?: boolean;
  serviceAccountName?: string;
  securityContext?: Record<string, unknown>;
  containers: Container[];
  volumes?: Array<{ name: string; persistentVolumeClaim?: { claimName: string }; emptyDir?: object }>;
};
type Workload = K8sObject & {
  spec: {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
};

const overlays = ['base', 'overlays/demo', 'overlays/cluster', 'overlays/postgres'] as const;
const rendered = new Map<string, K8sObject[]>();

beforeAll(() => {
  const kubectl = tool('kubectl');
  for (const o of overlays)
    rendered.set(o, parseObjects(run(kubectl, ['kustomize', join('deploy/kustomize', o)])));
}, 120_000);

const objectsOf = (o: string): K8sObject[] => rendered.get(o)!;
const one = <T extends K8sObject = K8sObject>(o: string, kind: string): T => {
  const found = objectsOf(o).filter((x) => x.kind === kind);
  expect(found, `${o}: exactly one ${kind}`).toHaveLength(1);
  return found[0] as T;
};
const envOf = (c: Container, name: string) => c.env?.find((e) => e.name === name);

describe.each(overlays)('kustomize %s', (overlay) => {
  it('renders objects that are valid against the Kubernetes schemas', () => {
    const objects = objectsOf(overlay);
    expect(objects.length).toBeGreaterThan(3);
    for (const o of objects) validateObject(o);
    for (const o of objects)
      if (o.kind !== 'Namespace' && !o.kind.startsWith('ClusterRole'))
        expect(o.metadata.namespace).toBe('packetpath');
  });

  it('runs a non-root, read-only container with health probes and resource bounds', () => {
    const d = one<Workload>(overlay, 'Deployment');
    const pod = d.spec.template.spec;
    const c = pod.containers[0]!;
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(c.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(c.livenessProbe?.httpGet).toMatchObject({ path: '/api/health/live', port: 'http' });
    expect(c.readinessProbe?.httpGet).toMatchObject({ path: '/api/health/ready', port: 'http' });
    expect(c.ports.map((p) => p.name)).toContain('http');
    expect(c.resources?.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(c.resources?.limits).toMatchObject({ memory: expect.any(String) });
    expect(envOf(c, 'PACKETPATH_DATA_DIR')?.value).toBe('/data');
    // Port-forward and the Service's names are answered (lib/server/request-guard.ts).
    expect(envOf(c, 'PACKETPATH_ALLOWED_HOSTS')?.value?.split(',')).toEqual(
      expect.arrayContaining(['localhost', '127.0.0.1', 'packetpath.packetpath.svc.cluster.local']),
    );
    // Every mount has a volume, and the data dir is writable (volume, not the read-only root).
    const volumes = new Set(pod.volumes?.map((v) => v.name));
    for (const m of c.volumeMounts ?? []) expect(volumes.has(m.name), `volume ${m.name}`).toBe(true);
    expect(c.volumeMounts?.map((m) => m.mountPath)).toEqual(expect.arrayContaining(['/data', '/tmp']));
    // The selector selects the pod template; the Service targets the named port.
    expect(d.spec.template.metadata.labels).toMatchObject(d.spec.selector.matchLabels);
    const svc = one<
      K8sObject & { spec: { selector: Record<string, string>; ports: Array<{ targetPort: string }> } }
    >(overlay, 'Service');
    expect(d.spec.template.metadata.labels).toMatchObject(svc.spec.selector);
    expect(svc.spec.ports[0]!.targetPort).toBe('http');
    // A referenced PVC exists in the same rendering.
    for (const v of pod.volumes ?? []) {
      if (v.persistentVolumeClaim)
        expect(
          objectsOf(overlay).some(
            (o) =>
              o.kind === 'PersistentVolumeClaim' && o.metadata.name === v.persistentVolumeClaim!.claimName,
          ),
        ).toBe(true);
    }
    expect(
      objectsOf(overlay).filter((o) => o.kind === 'Secret'),
      'no Secret is shipped in manifests',
    ).toEqual([]);
  });
});

describe('RBAC', () => {
  it('grants only get/list/watch, never Secrets, and covers every kind the live source reads', () => {
    for (const overlay of ['base', 'overlays/cluster', 'overlays/postgres']) {
      const role = one<K8sObject & { rules: Rule[] }>(overlay, 'ClusterRole');
      checkClusterRoleRules(role.rules);
      const binding = one<
        K8sObject & { roleRef: { name: string }; subjects: Array<{ name: string; namespace: string }> }
      >(overlay, 'ClusterRoleBinding');
      expect(binding.roleRef.name).toBe(role.metadata.name);
      const d = one<Workload>(overlay, 'Deployment');
      expect(binding.subjects).toEqual([
        { kind: 'ServiceAccount', name: d.spec.template.spec.serviceAccountName, namespace: 'packetpath' },
      ]);
    }
  });

  it('the checks themselves catch a write verb, Secrets and a missing kind', () => {
    const base = parse(readFileSync(join(repoRoot, 'deploy/kustomize/base/clusterrole.yaml'), 'utf8')) as {
      rules: Rule[];
    };
    const withWrite = base.rules.map((r, i) => (i === 0 ? { ...r, verbs: [...r.verbs, 'patch'] } : r));
    expect(() => checkClusterRoleRules(withWrite)).toThrow(/not read-only/);
    expect(() =>
      checkClusterRoleRules([...base.rules, { apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]),
    ).toThrow();
    expect(() => checkClusterRoleRules(base.rules.slice(1))).toThrow(/no rule for/);
  });
});

describe('overlays', () => {
  it('demo: no cluster access at all', () => {
    const objects = objectsOf('overlays/demo');
    expect(objects.filter((o) => o.kind.startsWith('ClusterRole'))).toEqual([]);
    const pod = one<Workload>('overlays/demo', 'Deployment').spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(envOf(pod.containers[0]!, 'PACKETPATH_LIVE')?.value).toBe('0');
  });

  it('cluster: live source on, dashboard token required from a Secret', () => {
    const c = one<Workload>('overlays/cluster', 'Deployment').spec.template.spec.containers[0]!;
    expect(envOf(c, 'PACKETPATH_LIVE')?.value).toBe('1');
    expect(envOf(c, 'PACKETPATH_AUTH_TOKEN')?.valueFrom?.secretKeyRef).toEqual({
      name: 'packetpath-auth',
      key: 'token',
      optional: false,
    });
    expect(
      one<Workload>('base', 'Deployment').spec.template.spec.containers[0]!.env?.find(
        (e) => e.name === 'PACKETPATH_AUTH_TOKEN',
      )?.valueFrom?.secretKeyRef?.optional,
    ).toBe(true);
  });

  it('postgres: DATABASE_URL from a Secret reference, several replicas, no PVC', () => {
    const d = one<Workload>('overlays/postgres', 'Deployment');
    expect(d.spec.replicas).toBe(2);
    const c = d.spec.template.spec.containers[0]!;
    expect(envOf(c, 'DATABASE_URL')).toEqual({
      name: 'DATABASE_URL',
      valueFrom: { secretKeyRef: { name: 'packetpath-postgres', key: 'url' } },
    });
    expect(objectsOf('overlays/postgres').some((o) => o.kind === 'PersistentVolumeClaim')).toBe(false);
    expect(d.spec.template.spec.volumes?.find((v) => v.name === 'data')?.emptyDir).toBeDefined();
  });
});
