// Small, total readers over raw Kubernetes objects: they never throw on odd shapes,
// so a detector can look at whatever a snapshot holds and keep the evidence.

import type { ClusterModel, KubeObject } from '../../model/types';
import type { Evidence } from '../types';

/** Raw objects of a kind, sorted by namespace/name so every detector is deterministic. */
export function objectsOf(model: ClusterModel, kind: string): readonly KubeObject[] {
  const list = model.objectsByKind.get(kind) ?? [];
  return [...list].sort((a, b) => refKey(a).localeCompare(refKey(b)));
}

export function refKey(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

/** The object `kind` named `name` (any namespace when `namespace` is undefined). */
export function findObject(
  model: ClusterModel,
  kind: string,
  name: string,
  namespace?: string,
): KubeObject | undefined {
  return objectsOf(model, kind).find(
    (o) => o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace),
  );
}

/** Value at a dotted path (`spec.calicoNetwork.mtu`), or undefined. */
export function at(o: unknown, path: string): unknown {
  let cur: unknown = o;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export function str(o: unknown, path: string): string | undefined {
  const v = at(o, path);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function num(o: unknown, path: string): number | undefined {
  const v = at(o, path);
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

export function bool(o: unknown, path: string): boolean | undefined {
  const v = at(o, path);
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'Enabled' || v === 'enabled') return true;
  if (v === 'false' || v === 'Disabled' || v === 'disabled') return false;
  return undefined;
}

export function list(o: unknown, path: string): readonly unknown[] {
  const v = at(o, path);
  return Array.isArray(v) ? v : [];
}

/** ConfigMap `data` key as a string. */
export function dataKey(o: KubeObject, key: string): string | undefined {
  const data = o['data'];
  if (data === null || typeof data !== 'object') return undefined;
  const v = (data as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : undefined;
}

/** Evidence entry for a field of a raw object. */
export function ev(o: KubeObject, field: string, value: unknown): Evidence {
  const e: Evidence = {
    kind: o.kind,
    name: o.metadata.name ?? '',
    field,
    value: typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined'),
  };
  return o.metadata.namespace ? { ...e, namespace: o.metadata.namespace } : e;
}

/** All container command + args strings of a workload's pod template. */
export function containerArgs(o: KubeObject): string[] {
  const out: string[] = [];
  for (const c of list(o, 'spec.template.spec.containers')) {
    for (const key of ['command', 'args']) {
      for (const a of list(c, key)) if (typeof a === 'string') out.push(a);
    }
  }
  return out;
}
