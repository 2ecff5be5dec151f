// What-if: changes laid over a snapshot as `kubectl apply` / `kubectl delete` would make
// them, so trace, reach and lint run unchanged on the result. Pure and deterministic:
// the base snapshot is never mutated, and the same changes give the same snapshot.

import { stringify } from 'yaml';
import type { KubeObject, Snapshot } from '../model/types';
import { IngestError, throwIfAny } from './errors';
import { nameOf } from './normalize/util';
import { originOf } from './origins';
import { CLUSTER_SCOPED_KINDS, validateObjects } from './validate';

/** An object to delete, as `kubectl delete KIND NAME -n NAMESPACE` names it. */
export interface DeleteRef {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** Narrows the match to one API group when two groups share a kind (Calico and Kubernetes NetworkPolicy). */
  readonly apiVersion?: string;
}

export interface Changes {
  readonly apply: readonly KubeObject[];
  readonly delete: readonly DeleteRef[];
}

export interface WhatIfResult {
  readonly snapshot: Snapshot;
  /** `Kind namespace/name` of each applied object, in change order. */
  readonly applied: readonly string[];
  readonly removed: readonly string[];
}

export const NO_CHANGES: Changes = { apply: [], delete: [] };

/** The API group of `apiVersion` (`networking.k8s.io/v1` → `networking.k8s.io`; `v1` → core, ''). */
export function apiGroup(apiVersion: string | undefined): string {
  if (!apiVersion) return '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function scopedNamespace(kind: string, namespace: string | undefined): string {
  if (CLUSTER_SCOPED_KINDS.has(kind)) return '';
  return namespace || 'default';
}

function envelopeProblem(o: KubeObject): { field: string; reason: string } | undefined {
  const { apiVersion, metadata } = o as { apiVersion?: unknown; metadata?: unknown };
  if (apiVersion !== undefined && typeof apiVersion !== 'string')
    return { field: 'apiVersion', reason: `must be a string, got ${typeName(apiVersion)}` };
  if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata))
    return { field: 'metadata', reason: `must be an object, got ${typeName(metadata)}` };
  const { namespace } = metadata as { namespace?: unknown };
  if (namespace !== undefined && typeof namespace !== 'string')
    return { field: 'metadata.namespace', reason: `must be a string, got ${typeName(namespace)}` };
  return undefined;
}

const typeName = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

/** What `kubectl apply` replaces: the same API group, kind, namespace and name. */
function identity(o: KubeObject): string {
  return `${apiGroup(o.apiVersion)}|${o.kind}|${scopedNamespace(o.kind, o.metadata.namespace)}|${nameOf(o)}`;
}

/** `Kind namespace/name` (`Kind name` for cluster-scoped kinds), as the CLI prints it. */
export function changeLabel(kind: string, namespace: string | undefined, name: string): string {
  const ns = scopedNamespace(kind, namespace);
  return `${kind} ${ns ? `${ns}/` : ''}${name}`;
}

function deleteMatches(ref: DeleteRef, o: KubeObject): boolean {
  if (o.kind !== ref.kind || nameOf(o) !== ref.name) return false;
  if (scopedNamespace(o.kind, o.metadata.namespace) !== scopedNamespace(ref.kind, ref.namespace))
    return false;
  return ref.apiVersion === undefined || apiGroup(ref.apiVersion) === apiGroup(o.apiVersion);
}

/**
 * Lays `changes` over `base`: every deletion first (each must name an object of the
 * base, or the change is refused), then every applied object, replacing the base
 * object of the same identity in place (so input order, and with it the model's
 * order, is kept, and so is its status when the change has none) or appended. Applied objects are validated as an upload is; errors
 * name the change (`changes.apply[2]`, or the file the object came from) and the field.
 * Throws IngestErrors; never returns a partly applied snapshot.
 */
export function applyChanges(base: Snapshot, changes: Changes): WhatIfResult {
  const problems: IngestError[] = [];
  const located = changes.apply.map((object, i) => {
    const known = originOf(object);
    return { object, origin: known.file !== undefined ? known : { path: `changes.apply[${i}]` } };
  });
  problems.push(...validateObjects(located).errors);
  changes.apply.forEach((o, i) => {
    // The identity below reads apiVersion and metadata of every applied object, of any kind
    // (validation skips kinds the engine does not read); a wrong type there is the change's
    // error, not a crash (found by test/fuzz/ingest.fuzz.test.ts).
    const envelope = envelopeProblem(o);
    if (envelope) {
      problems.push(new IngestError({ code: 'INVALID_FIELD', path: `changes.apply[${i}]`, ...envelope }));
      return;
    }
    if (!nameOf(o)) {
      problems.push(
        new IngestError({
          code: 'MISSING_FIELD',
          path: `changes.apply[${i}]`,
          field: 'metadata.name',
          reason: `required to apply a ${o.kind}`,
        }),
      );
    }
  });

  const removedIndexes = new Set<number>();
  const removed: string[] = [];
  changes.delete.forEach((ref, i) => {
    const at = base.objects.findIndex((o, j) => !removedIndexes.has(j) && deleteMatches(ref, o));
    const label = changeLabel(ref.kind, ref.namespace, ref.name);
    if (at < 0) {
      problems.push(
        new IngestError({
          code: 'NOT_FOUND',
          path: `changes.delete[${i}]`,
          reason: `${label} is not in the snapshot`,
        }),
      );
      return;
    }
    removedIndexes.add(at);
    removed.push(label);
  });
  throwIfAny(problems);

  const objects: KubeObject[] = base.objects.filter((_, j) => !removedIndexes.has(j));
  const position = new Map(objects.map((o, j) => [identity(o), j]));
  const applied: string[] = [];
  for (const o of changes.apply) {
    const id = identity(o);
    const at = position.get(id);
    if (at === undefined) {
      position.set(id, objects.length);
      objects.push(o);
    } else {
      // `kubectl apply` never writes status (a subresource the controllers own): the
      // object keeps its status unless the change states one itself.
      const status = (objects[at] as { status?: unknown }).status;
      objects[at] =
        (o as { status?: unknown }).status === undefined && status !== undefined ? { ...o, status } : o;
    }
    applied.push(changeLabel(o.kind, o.metadata.namespace, nameOf(o)));
  }
  return { snapshot: { ...base, objects }, applied, removed };
}

/** Parses `KIND/NAMESPACE/NAME` (or `KIND/NAME` for cluster-scoped kinds) as `--without` takes it. */
export function parseDeleteRef(text: string): DeleteRef | undefined {
  const parts = text.split('/');
  if (parts.some((p) => p === '')) return undefined;
  if (parts.length === 2) return { kind: parts[0]!, name: parts[1]! };
  if (parts.length === 3) return { kind: parts[0]!, namespace: parts[1]!, name: parts[2]! };
  return undefined;
}

/** kubectl's resource argument for a kind: `networkpolicy` (kubectl accepts the lower-case kind). */
const resourceOf = (kind: string) => kind.toLowerCase();

const shellWord = (s: string) => (/^[A-Za-z0-9._/-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * The changes as a script that makes them on the cluster: one `kubectl delete` per
 * deletion, then one `kubectl apply -f -` with every applied object as YAML documents.
 */
export function kubectlScript(changes: Changes): string {
  const lines: string[] = [];
  for (const d of changes.delete) {
    const ns = CLUSTER_SCOPED_KINDS.has(d.kind) ? '' : ` -n ${shellWord(d.namespace || 'default')}`;
    lines.push(`kubectl delete ${resourceOf(d.kind)} ${shellWord(d.name)}${ns}`);
  }
  if (changes.apply.length > 0) {
    const docs = changes.apply.map((o) => stringify(o, { lineWidth: 0 }).trimEnd()).join('\n---\n');
    lines.push(`kubectl apply -f - <<'EOF'\n${docs}\nEOF`);
  }
  return `${lines.join('\n')}\n`;
}
