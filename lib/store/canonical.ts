// Content addressing: a snapshot's id is the sha256 of its canonical JSON (object keys
// sorted at every level, no whitespace), so the same cluster state always gets the same
// id no matter in which order a parser or the API produced the keys.

import { createHash } from 'node:crypto';

/** JSON with object keys sorted recursively; `undefined` members are dropped as JSON does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortKeys(v)));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** Hex sha256 of the canonical JSON of `value`. */
export function contentAddress(value: unknown): { id: string; json: string } {
  const json = canonicalJson(value);
  return { id: createHash('sha256').update(json).digest('hex'), json };
}

/** A content address is 64 lower-case hex digits. */
export function isContentAddress(id: string): boolean {
  return /^[0-9a-f]{64}$/.test(id);
}
