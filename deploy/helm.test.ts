// Renders the Helm chart with `helm template` for its main value sets, validates every
// object against the Kubernetes schemas, and checks that with its default values it
// deploys what the kustomize base deploys (the chart renders its objects itself).

import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/** Every optional object switched on. */
const allOn = [
  'ingress.enabled=true',
  'serviceMonitor.enabled=true',
  'auth.token=s3cret',
  'replicaCount=2',
  'postgresql.existingSecret=db',
];

beforeAll(() => {
  helm = tool('helm');
}, 180_000);

describe('helm chart', () => {
  it('renders its objects itself, lints clean and documents every value', () => {
    expect(existsSync(join(repoRoot, chart, 'files'))).toBe(false);
    for (const t of ['NOTES.txt', 'ingress.yaml', 'servicemonitor.yaml', 'pdb.yaml'])
      expect(existsSync(join(repoRoot, chart, 'templates', t)), t).toBe(true);
    expect(run(helm, ['lint', chart])).toContain('0 chart(s) failed');
    expect(run(helm, ['lint', chart, '--strict', ...allOn.flatMap((s) => ['--set', s])])).toContain(
      '0 chart(s) failed',
    );
    // Every top-level value is explained in the chart's README.
    const readme = readFileSync(join(repoRoot, chart, 'README.md'), 'utf8');
    const values = parse(readFileSync(join(repoRoot, chart, 'values.yaml'), 'utf8')) as Record<
      string,
      unknown
    >;
    for (const key of Object.keys(values)) expect(readme, key).toContain(`\`${key}`);
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
  it('the values people expect: service account, security contexts, resources, scheduling, pull secrets', () => {
    const objects = render(
      'serviceAccount.name=netview',
      'serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn=arn:aws:iam::1:role/pp',
      'podSecurityContext.runAsUser=20000',
      'securityContext.readOnlyRootFilesystem=false',
      'resources.limits.memory=2Gi',
      'nodeSelector.kubernetes\\.io/os=linux',
      'tolerations[0].key=dedicated',
      'tolerations[0].operator=Exists',
      'affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key=tier',
      'affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator=Exists',
      'imagePullSecrets[0].name=regcred',
      'logLevel=debug',
    );
    for (const o of objects) validateObject(o);
    const [sa] = find<K8sObject & { metadata: { annotations?: Record<string, string> } }>(
      objects,
      'ServiceAccount',
    );
    expect(sa!.metadata.name).toBe('netview');
    expect(sa!.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/pp' });
    const [d] = find<Workload>(objects, 'Deployment');
    const pod = d!.spec.template.spec as Workload['spec']['template']['spec'] & Record<string, unknown>;
    expect(pod.serviceAccountName).toBe('netview');
    const [binding] = find<K8sObject & { subjects: Array<{ name: string }> }>(objects, 'ClusterRoleBinding');
    expect(binding!.subjects[0]!.name).toBe('netview');
    expect(pod.securityContext).toMatchObject({ runAsUser: 20000, runAsNonRoot: true });
    const c = pod.containers[0]!;
    expect(c.securityContext).toMatchObject({
      readOnlyRootFilesystem: false,
      allowPrivilegeEscalation: false,
    });
    expect(c.resources).toMatchObject({ limits: { memory: '2Gi', cpu: '1' } });
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(pod.tolerations).toEqual([{ key: 'dedicated', operator: 'Exists' }]);
    expect(pod.affinity).toMatchObject({ nodeAffinity: {} });
    expect(pod.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect(env(d!, 'PACKETPATH_LOG_LEVEL')?.value).toBe('debug');
  });

  it('serviceAccount.create=false: binds the named existing account and creates none', () => {
    const objects = render('serviceAccount.create=false', 'serviceAccount.name=existing');
    expect(find(objects, 'ServiceAccount')).toEqual([]);
    const [d] = find<Workload>(objects, 'Deployment');
    expect(d!.spec.template.spec.serviceAccountName).toBe('existing');
  });

  it('ingress and ServiceMonitor: off by default; on, they point at the Service and send the token', () => {
    expect(find(render(), 'Ingress')).toEqual([]);
    expect(find(render(), 'ServiceMonitor')).toEqual([]);
    const objects = render(
      ...allOn,
      'ingress.className=nginx',
      'ingress.tls[0].secretName=pp-tls',
      'ingress.tls[0].hosts[0]=packetpath.example.com',
    );
    for (const o of objects) if (o.kind !== 'ServiceMonitor') validateObject(o);
    const [svc] = find<K8sObject & { spec: { ports: Array<{ name: string }> } }>(objects, 'Service');
    type IngressObject = K8sObject & {
      spec: {
        ingressClassName: string;
        tls: unknown[];
        rules: Array<{
          host: string;
          http: { paths: Array<{ backend: { service: { name: string; port: { name: string } } } }> };
        }>;
      };
    };
    const [ingress] = find<IngressObject>(objects, 'Ingress');
    expect(ingress!.spec.ingressClassName).toBe('nginx');
    expect(ingress!.spec.rules[0]!.host).toBe('packetpath.example.com');
    expect(ingress!.spec.rules[0]!.http.paths[0]!.backend.service).toEqual({
      name: svc!.metadata.name,
      port: { name: svc!.spec.ports[0]!.name },
    });
    expect(ingress!.spec.tls).toEqual([{ secretName: 'pp-tls', hosts: ['packetpath.example.com'] }]);
    // Prometheus Operator's ServiceMonitor (monitoring.coreos.com/v1): endpoints[].port names a
    // Service port, authorization takes a Secret key selector.
    // https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.Endpoint
    const [sm] = find<
      K8sObject & {
        spec: {
          selector: { matchLabels: Record<string, string> };
          endpoints: Array<{ port: string; path: string; authorization?: unknown }>;
        };
      }
    >(objects, 'ServiceMonitor');
    expect(sm!.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(sm!.spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'packetpath',
      'app.kubernetes.io/instance': 'pp',
    });
    expect(svc!.metadata.labels).toMatchObject(sm!.spec.selector.matchLabels);
    expect(sm!.spec.endpoints[0]).toMatchObject({
      port: 'http',
      path: '/metrics',
      authorization: { type: 'Bearer', credentials: { name: 'pp-packetpath-auth', key: 'token' } },
    });
  });

  it('NOTES.txt says how to open the dashboard and warns about replicas without a shared store', () => {
    // `helm install --dry-run` needs a cluster; a copy of the chart renders NOTES.txt into a
    // ConfigMap with `include`, the same template engine and values helm install uses.
    const copy = mkdtempSync(join(tmpdir(), 'packetpath-notes-'));
    try {
      cpSync(join(repoRoot, chart), join(copy, 'packetpath'), { recursive: true });
      writeFileSync(
        join(copy, 'packetpath/templates/notes-rendered.yaml'),
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\ndata:\n  notes: {{ include (print $.Template.BasePath "/NOTES.txt") . | quote }}\n',
      );
      const notes = (...set: string[]) =>
        (
          parseObjects(
            run(helm, [
              'template',
              'pp',
              join(copy, 'packetpath'),
              '--namespace',
              'packetpath',
              '--show-only',
              'templates/notes-rendered.yaml',
              ...set.flatMap((s) => ['--set', s]),
            ]),
          )[0] as K8sObject & { data: { notes: string } }
        ).data.notes;
      const plain = notes('replicaCount=2');
      expect(plain).toContain('kubectl --namespace packetpath port-forward service/pp-packetpath 8080:80');
      expect(plain).toContain('No access control is set');
      expect(plain).toContain('WARNING: replicaCount=2 without postgresql');
      const withIngress = notes('ingress.enabled=true', 'auth.token=x');
      expect(withIngress).toContain('http://packetpath.example.com/');
      expect(withIngress).toContain('get secret pp-packetpath-auth');
      expect(withIngress).not.toContain('WARNING');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
