// What-if changes in a URL: the `changes` query parameter holds the change list as
// lz-string compressed JSON (URL-safe alphabet), so a what-if link carries its whole
// state, survives reloads and can be pasted into a chat. The server validates the
// decoded changes like any request body before using them.

import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import type { Changes, DeleteRef } from '../ingest/whatif';
import type { KubeObject } from '../model/types';

/** Longest `changes` parameter accepted (compressed characters): well within what browsers and proxies pass. */
export const MAX_CHANGES_PARAM = 60_000;

export function encodeChanges(changes: Changes): string {
  return compressToEncodedURIComponent(JSON.stringify({ apply: changes.apply, delete: changes.delete }));
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The changes of a `changes` parameter, or undefined when it is not one we wrote (too
 * long, not lz-string, not the shape). Objects are checked for shape only here; ingest
 * validates their fields when they are laid over a snapshot.
 */
export function decodeChanges(param: string | undefined): Changes | undefined {
  if (!param || param.length > MAX_CHANGES_PARAM) return undefined;
  let value: unknown;
  try {
    const text = decompressFromEncodedURIComponent(param);
    if (!text) return undefined;
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value) || !Array.isArray(value.apply) || !Array.isArray(value.delete)) return undefined;
  if (!value.apply.every((o) => isObject(o) && typeof o.kind === 'string' && isObject(o.metadata)))
    return undefined;
  if (!value.delete.every((d) => isObject(d) && typeof d.kind === 'string' && typeof d.name === 'string'))
    return undefined;
  return { apply: value.apply as KubeObject[], delete: value.delete as DeleteRef[] };
}
