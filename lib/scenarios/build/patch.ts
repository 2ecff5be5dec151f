// Fixed variants are made the way an operator makes them: by patching, adding or deleting
// objects of the broken cluster. JSON merge patch (RFC 7386) is what `kubectl patch
// --type=merge` sends, so the diff between a scenario and its fix is the real one.

import type { KubeObject } from '../../model/types';
import { resourceVersion } from './meta';

type Json = unknown;

function isPlainObject(v: Json): v is Record<string, Json> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** RFC 7386: objects merge key by key, `null` deletes, anything else replaces. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isPlainObject(patch)) return patch;
  const out: Record<string, Json> = isPlainObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export interface ObjectSelector {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

export type Change =
  | { readonly op: 'merge'; readonly target: ObjectSelector; readonly patch: Record<string, Json> }
  | { readonly op: 'update'; readonly target: ObjectSelector; readonly update: (o: KubeObject) => KubeObject }
  | { readonly op: 'add'; readonly objects: readonly KubeObject[] }
  | { readonly op: 'delete'; readonly target: ObjectSelector };

function matches(o: KubeObject, t: ObjectSelector): boolean {
  return (
    o.kind === t.kind &&
    o.metadata.name === t.name &&
    (t.namespace === undefined || o.metadata.namespace === t.namespace)
  );
}

/** A changed object gets a new resourceVersion and, for spec changes, a bumped generation. */
function touched(before: KubeObject, after: KubeObject): KubeObject {
  const gen = typeof before.metadata.generation === 'number' ? before.metadata.generation : undefined;
  const specChanged = JSON.stringify(before['spec']) !== JSON.stringify(after['spec']);
  return {
    ...after,
    metadata: {
      ...after.metadata,
      ...(gen !== undefined && specChanged ? { generation: gen + 1 } : {}),
      resourceVersion: resourceVersion(
        after.kind,
        `${after.metadata.name ?? ''}#${String(after.metadata.resourceVersion)}`,
        after.metadata.namespace,
      ),
    },
  };
}

/**
 * Applies changes in order. A merge/update/delete that matches no object throws, so a
 * fixed variant can never silently drift from the scenario it fixes.
 */
export function applyChanges(objects: readonly KubeObject[], changes: readonly Change[]): KubeObject[] {
  let out = [...objects];
  for (const c of changes) {
    switch (c.op) {
      case 'add':
        out = [...out, ...c.objects];
        break;
      case 'delete': {
        const before = out.length;
        out = out.filter((o) => !matches(o, c.target));
        if (out.length === before)
          throw new Error(`fixed variant: nothing to delete for ${c.target.kind} ${c.target.name}`);
        break;
      }
      case 'merge':
      case 'update': {
        let hit = false;
        out = out.map((o) => {
          if (!matches(o, c.target)) return o;
          hit = true;
          const next = c.op === 'merge' ? (mergePatch(o, c.patch) as KubeObject) : c.update(o);
          return touched(o, next);
        });
        if (!hit) throw new Error(`fixed variant: nothing to patch for ${c.target.kind} ${c.target.name}`);
        break;
      }
    }
  }
  return out;
}
