// Renders the Helm chart with `helm template` for its main value sets, validates every
// object against the Kubernetes schemas, and checks it deploys what the kustomize base
// deploys (the chart reads the base through files/ → deploy/kustomize/base).

import { lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkClusterRoleRules } from './rbac-check';
import { repoRoot, run, tool } from './tools';
import { parseObjects, validateObject, type K8sObject } from './validate';

type Env = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };
type Workload = K8sObject & {
  spec: {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        automountServiceAccountToken: boolean;
        serviceAccountName: string;
        securityContext: unknown;
        containers: Array<Record<string, unknown> & { env: Env[] }>;
        volumes: Array<{ name: string; persistentVolumeClaim?: { claimName: string } }>;
      };
    };
  };
};

const chart = 'deploy/helm/packetpath';
let helm: string;
const render = (...set: string[]): K8sObject[] =>
  parseObjects(
    run(helm, ['template', 'pp', chart, '--namespace', 'packetpath', ...set.flatMap((s) => ['--set', s])]),
  );
const find = <T extends K8sObject>(objects: K8sObject[], kind: string): T[] =>
  objects.filter((o) => o.kind === kind) as T[];
const env = (d: Workload, name: string) =>
  d.spec.template.spec.containers[0]!.env.find((e) => e.name === name);

const base = (file: string) => parse(readFileSync(join(repoRoot, 'deploy/kustomize/base', file), 'utf8'));

beforeAll(() => {
  helm = tool('helm');
}, 180_000);

describe('helm chart', () => {
  it('wraps the kustomize base through files/', () => {
    const link = join(repoRoot, chart, 'files');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('../../kustomize/base');
    expect(run(helm, ['lint', chart])).toContain('0 chart(s) failed');
  });

  it('renders valid objects for the default values, the same as the base', () => {
    const objects = render();
    for (const o of objects) validateObject(o);
    const [role] = find<K8sObject & { rules: never[] }>(objects, 'ClusterRole');
    expect(role!.rules).toEqual(base('clusterrole.yaml').rules);
    checkClusterRoleRules(role!.rules);
    const [d] = find<Workload>(objects, 'Deployment');
    const baseDeployment = base('deployment.yaml');
    const baseContainer = baseDeployment.spec.template.spec.containers[0];
    const c = d!.spec.template.spec.containers[0]!;
    for (const field of [
      'livenessProbe',
      'readinessProbe',
      'startupProbe',
      'securityContext',
      'resources',
      'ports',
      'volumeMounts',
    ]) {
      expect(c[field], field).toEqual(baseContainer[field]);
    }
    expect(d!.spec.template.spec.securityContext).toEqual(baseDeployment.spec.template.spec.securityContext);
    expect(d!.spec.template.metadata.labels).toMatchObject(d!.spec.selector.matchLabels);
    expect(env(d!, 'PACKETPATH_LIVE')?.value).toBe('1');
    // The Service's names are answered; other Host headers get 421 (lib/server/request-guard.ts).
    expect(env(d!, 'PACKETPATH_ALLOWED_HOSTS')?.value?.split(',')).toEqual([
      'localhost',
      '127.0.0.1',
      '[::1]',
      'pp-packetpath',
      'pp-packetpath.packetpath',
      'pp-packetpath.packetpath.svc',
      'pp-packetpath.packetpath.svc.cluster.local',
    ]);
    expect(
      env(
        find<Workload>(render('allowedHosts[0]=packetpath.example.org'), 'Deployment')[0]!,
        'PACKETPATH_ALLOWED_HOSTS',
      )?.value?.split(','),
    ).toContain('packetpath.example.org');
    expect(
      d!.spec.template.spec.volumes.find((v) => v.name === 'data')?.persistentVolumeClaim?.claimName,
    ).toBe('pp-packetpath-data');
    expect(find(objects, 'PersistentVolumeClaim').map((o) => o.metadata.name)).toEqual([
      'pp-packetpath-data',
    ]);
    const [binding] = find<K8sObject & { subjects: unknown[] }>(objects, 'ClusterRoleBinding');
    expect(binding!.subjects).toEqual([
      { kind: 'ServiceAccount', name: d!.spec.template.spec.serviceAccountName, namespace: 'packetpath' },
    ]);
    expect(find(objects, 'Secret')).toEqual([]);
  });

  it('live.enabled=false: no RBAC, no token, live off', () => {
    const objects = render('live.enabled=false');
    for (const o of objects) validateObject(o);
    expect(objects.filter((o) => o.kind.startsWith('ClusterRole'))).toEqual([]);
    const [d] = find<Workload>(objects, 'Deployment');
    expect(d!.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(env(d!, 'PACKETPATH_LIVE')?.value).toBe('0');
  });

  it('postgresql.existingSecret: DATABASE_URL from that Secret, no PVC, rolling updates', () => {
    const objects = render('postgresql.existingSecret=db', 'replicaCount=3');
    for (const o of objects) validateObject(o);
    const [d] = find<Workload>(objects, 'Deployment');
    expect(d!.spec.replicas).toBe(3);
    expect(env(d!, 'DATABASE_URL')?.valueFrom?.secretKeyRef).toEqual({ name: 'db', key: 'url' });
    expect(find(objects, 'PersistentVolumeClaim')).toEqual([]);
    expect(find(objects, 'Secret')).toEqual([]);
    // Several replicas: a PodDisruptionBudget over the Deployment's pods.
    // https://kubernetes.io/docs/tasks/run-application/configure-pdb/
    const [pdb] = find<
      K8sObject & {
        spec: {
          minAvailable?: number;
          maxUnavailable?: number;
          selector: { matchLabels: Record<string, string> };
        };
      }
    >(objects, 'PodDisruptionBudget');
    expect(pdb!.spec.minAvailable).toBe(1);
    expect(pdb!.spec.selector.matchLabels).toEqual(d!.spec.selector.matchLabels);
    const capped = find<K8sObject & { spec: { minAvailable?: number; maxUnavailable?: number } }>(
      render('postgresql.existingSecret=db', 'replicaCount=3', 'podDisruptionBudget.maxUnavailable=1'),
      'PodDisruptionBudget',
    );
    expect(capped[0]!.spec).toMatchObject({ maxUnavailable: 1 });
    expect(capped[0]!.spec.minAvailable).toBeUndefined();
  });

  it('one replica: no PodDisruptionBudget (it would block every node drain)', () => {
    expect(find(render(), 'PodDisruptionBudget')).toEqual([]);
  });

  it('postgresql.url and auth.token: stored in Secrets the chart creates, referenced by name', () => {
    const objects = render(
      'postgresql.url=postgres://u:p@db/pp',
      'auth.token=s3cret',
      'auth.trustProxyUserHeader=X-Forwarded-User',
    );
    for (const o of objects) validateObject(o);
    const secrets = find<K8sObject & { stringData: Record<string, string> }>(objects, 'Secret');
    expect(secrets.map((s) => s.metadata.name).sort()).toEqual([
      'pp-packetpath-auth',
      'pp-packetpath-postgres',
    ]);
    const [d] = find<Workload>(objects, 'Deployment');
    expect(env(d!, 'DATABASE_URL')?.valueFrom?.secretKeyRef).toEqual({
      name: 'pp-packetpath-postgres',
      key: 'url',
    });
    expect(env(d!, 'PACKETPATH_AUTH_TOKEN')?.valueFrom?.secretKeyRef).toEqual({
      name: 'pp-packetpath-auth',
      key: 'token',
    });
    expect(env(d!, 'PACKETPATH_TRUST_PROXY_USER_HEADER')?.value).toBe('X-Forwarded-User');
    // Secret values never appear in the Deployment.
    expect(JSON.stringify(d)).not.toContain('s3cret');
  });
});
