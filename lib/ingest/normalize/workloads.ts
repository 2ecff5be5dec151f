// Workload objects stand for the pods they would create: each becomes ONE
// representative pod (labels and ports from its template, no IPs) unless a live
// Pod in the input already belongs to it. Ownership is followed through the
// ReplicaSet / Job in between, also when that object is missing from the dump.

import { objectKey } from '../../model/keys';
import type { KubeObject, Origin, Pod } from '../../model/types';
import { containerPorts } from './pods';
import { labels, map, nameOf, namespaceOf } from './util';

export const WORKLOAD_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'ReplicationController',
]);

/** The pod template: spec.template, or spec.jobTemplate.spec.template for a CronJob. */
export function podTemplateOf(o: KubeObject): Record<string, unknown> | undefined {
  const spec = map(o.spec);
  if (o.kind === 'CronJob') return map(map(map(spec?.jobTemplate)?.spec)?.template);
  return map(spec?.template);
}

function controllerOf(o: KubeObject): { kind: string; name: string } | undefined {
  for (const ref of o.metadata.ownerReferences ?? []) {
    if (ref.controller === true) return { kind: ref.kind ?? '', name: ref.name };
  }
  return undefined;
}

const key3 = (namespace: string, kind: string, name: string) => `${namespace}/${kind}/${name}`;

/**
 * Keys (`namespace/Kind/name`) of every workload that live pods belong to,
 * directly or through an intermediate ReplicaSet (Deployment) or Job (CronJob).
 */
export function ownedWorkloads(pods: readonly KubeObject[], workloads: readonly KubeObject[]): Set<string> {
  const parentOf = new Map<string, string>();
  for (const w of workloads) {
    const owner = controllerOf(w);
    if (owner)
      parentOf.set(key3(namespaceOf(w), w.kind, nameOf(w)), key3(namespaceOf(w), owner.kind, owner.name));
  }
  const cronJobs = new Set(
    workloads.filter((w) => w.kind === 'CronJob').map((w) => key3(namespaceOf(w), 'CronJob', nameOf(w))),
  );
  const owned = new Set<string>();
  const mark = (key: string) => {
    for (
      let k: string | undefined = key, hops = 0;
      k && hops < 5 && !owned.has(k);
      k = parentOf.get(k), hops++
    )
      owned.add(k);
  };
  for (const p of pods) {
    const owner = controllerOf(p);
    if (!owner) continue;
    const ns = namespaceOf(p);
    mark(key3(ns, owner.kind, owner.name));
    // A Deployment's ReplicaSet is `<deployment>-<pod-template-hash>`: the pod's
    // own label names the hash, so the Deployment is found without the ReplicaSet.
    const hash = p.metadata.labels?.['pod-template-hash'];
    if (owner.kind === 'ReplicaSet' && hash && owner.name.endsWith(`-${hash}`)) {
      mark(key3(ns, 'Deployment', owner.name.slice(0, -hash.length - 1)));
    }
    // A CronJob's Job is `<cronjob>-<scheduled time in minutes>`.
    const m = owner.kind === 'Job' ? /^(.+)-\d+$/.exec(owner.name) : null;
    if (m && cronJobs.has(key3(ns, 'CronJob', m[1]!))) mark(key3(ns, 'CronJob', m[1]!));
  }
  return owned;
}

/**
 * Representative pods for workloads with no live pod. A ReplicaSet or Job whose
 * controller (Deployment / CronJob) is in the input is skipped: the owner stands
 * for it. `takenKeys` holds pod keys already used; on a name clash the synthesized
 * pod's key becomes `namespace/Kind/name`.
 */
export function synthesizePods(
  workloads: readonly { object: KubeObject; origin: Origin }[],
  owned: ReadonlySet<string>,
  takenKeys: Set<string>,
): Pod[] {
  const present = new Set(workloads.map(({ object: w }) => key3(namespaceOf(w), w.kind, nameOf(w))));
  const out: Pod[] = [];
  for (const { object: w, origin } of workloads) {
    const namespace = namespaceOf(w);
    const name = nameOf(w);
    if (owned.has(key3(namespace, w.kind, name))) continue;
    const owner = controllerOf(w);
    if (owner && WORKLOAD_KINDS.has(owner.kind) && present.has(key3(namespace, owner.kind, owner.name)))
      continue;
    const template = podTemplateOf(w);
    const meta = map(template?.metadata);
    let key = objectKey(namespace, name);
    if (takenKeys.has(key)) key = key3(namespace, w.kind, name);
    if (takenKeys.has(key)) continue; // the same workload twice: the first one stands
    takenKeys.add(key);
    const spec = map(template?.spec);
    const nodeName = typeof spec?.nodeName === 'string' ? spec.nodeName : undefined;
    const serviceAccount = typeof spec?.serviceAccountName === 'string' ? spec.serviceAccountName : undefined;
    out.push({
      key,
      namespace,
      name,
      labels: labels(meta?.labels),
      annotations: labels(meta?.annotations),
      ...(nodeName ? { nodeName } : {}),
      ips: [],
      hostNetwork: spec?.hostNetwork === true,
      ready: true,
      ports: containerPorts(spec),
      workload: { namespace, name, kind: w.kind },
      synthesized: true,
      origin,
      ...(serviceAccount ? { serviceAccount } : {}),
    });
  }
  return out;
}
