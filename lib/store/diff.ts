// What changed between two snapshots, limited (optionally) to the objects a traced path
// touches, and which findings appeared or disappeared. Pure: plain data in, plain data out.

import type { KubeObject, ObjectRef, Snapshot } from '../model/types';
import type { Finding, Severity } from '../engine/types';

export interface ObjectChange {
  readonly change: 'added' | 'removed' | 'changed';
  readonly ref: ObjectRef;
  /** Changed field paths (for `changed`), e.g. `spec.ports[0].targetPort`. */
  readonly fields?: readonly string[];
}

export interface FindingChange {
  readonly change: 'appeared' | 'disappeared';
  readonly code: string;
  readonly severity: Severity;
  readonly title: string;
  readonly hop?: string;
}

/** Bookkeeping the API server rewrites on every update; never a real change. */
const VOLATILE_METADATA = new Set([
  'resourceVersion',
  'managedFields',
  'generation',
  'uid',
  'creationTimestamp',
  'selfLink',
]);
const MAX_FIELDS = 20;
const MAX_DEPTH = 6;

function refOf(obj: KubeObject): ObjectRef {
  return {
    kind: obj.kind,
    name: obj.metadata?.name ?? obj.metadata?.generateName ?? '(unnamed)',
    ...(obj.metadata?.namespace ? { namespace: obj.metadata.namespace } : {}),
  };
}

function refKey(ref: ObjectRef): string {
  return `${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

function comparable(obj: KubeObject): unknown {
  const metadata = Object.fromEntries(
    Object.entries(obj.metadata ?? {}).filter(([k]) => !VOLATILE_METADATA.has(k)),
  );
  return { ...obj, metadata };
}

/** Leaf paths where `a` and `b` differ (depth-limited: deeper differences name their ancestor). */
function changedPaths(a: unknown, b: unknown, path: string, out: string[], depth = 0): void {
  if (out.length >= MAX_FIELDS) return;
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  const bothObjects =
    a !== null &&
    b !== null &&
    typeof a === 'object' &&
    typeof b === 'object' &&
    Array.isArray(a) === Array.isArray(b);
  if (!bothObjects || depth >= MAX_DEPTH) {
    out.push(path || '(whole object)');
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) {
      out.push(`${path} (${a.length} → ${b.length} items)`);
      return;
    }
    a.forEach((item, i) => changedPaths(item, b[i], `${path}[${i}]`, out, depth + 1));
    return;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const key of [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort()) {
    changedPaths(ao[key], bo[key], path ? `${path}.${key}` : key, out, depth + 1);
  }
}

/**
 * Objects added, removed or changed from `a` to `b`, sorted by kind, namespace, name.
 * With `touching`, only objects in that list (the refs of both traces' hops and evidence).
 */
export function diffObjects(a: Snapshot, b: Snapshot, touching?: readonly ObjectRef[]): ObjectChange[] {
  const keep = touching ? new Set(touching.map(refKey)) : undefined;
  const index = (s: Snapshot) => new Map(s.objects.map((o) => [refKey(refOf(o)), o] as const));
  const before = index(a);
  const after = index(b);
  const changes: ObjectChange[] = [];
  for (const key of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    if (keep && !keep.has(key)) continue;
    const x = before.get(key);
    const y = after.get(key);
    if (x && !y) changes.push({ change: 'removed', ref: refOf(x) });
    else if (!x && y) changes.push({ change: 'added', ref: refOf(y) });
    else if (x && y) {
      const fields: string[] = [];
      changedPaths(comparable(x), comparable(y), '', fields);
      if (fields.length > 0) changes.push({ change: 'changed', ref: refOf(y), fields });
    }
  }
  return changes;
}

/** Findings present in only one of the two lists (matched by code and title). */
export function diffFindings(a: readonly Finding[], b: readonly Finding[]): FindingChange[] {
  const key = (f: Finding) => `${f.code}|${f.title}`;
  const inA = new Set(a.map(key));
  const inB = new Set(b.map(key));
  const pick = (f: Finding, change: FindingChange['change']): FindingChange => ({
    change,
    code: f.code,
    severity: f.severity,
    title: f.title,
    ...(f.hop ? { hop: f.hop } : {}),
  });
  return [
    ...a.filter((f) => !inB.has(key(f))).map((f) => pick(f, 'disappeared')),
    ...b.filter((f) => !inA.has(key(f))).map((f) => pick(f, 'appeared')),
  ];
}

/** Every object a trace names: the hops' refs and the findings' evidence. */
export function refsOfTrace(trace: {
  hops: ReadonlyArray<{ refs?: readonly ObjectRef[] }>;
  findings: readonly Finding[];
}): ObjectRef[] {
  const refs: ObjectRef[] = [];
  for (const hop of trace.hops) refs.push(...(hop.refs ?? []));
  for (const f of trace.findings) {
    for (const e of f.evidence)
      refs.push({ kind: e.kind, name: e.name, ...(e.namespace ? { namespace: e.namespace } : {}) });
  }
  return refs;
}
