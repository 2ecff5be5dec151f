// What JSON.parse lets through and ingest refuses: a key that repeats in one object, a
// NUL character (the `\u0000` escape) in a key or string, and nesting deeper than YAML
// allows (parse-yaml-fast.ts). JSON.parse keeps the last of duplicate keys, silently;
// the API server's strict decoding refuses them ("strict decoding error: duplicate
// field", sigs.k8s.io/json DisallowDuplicateFields), so a file read here means what it
// would mean to the cluster. RFC 8259 §4: "The names within an object SHOULD be unique".
//
// The check must cost little beside JSON.parse (bench/RESULTS.md). It does not tokenize
// the text: it counts the key tokens of the text (a `"` followed by `:` outside a
// string, one indexOf per key) and the keys of the parsed value (one walk), which are
// equal exactly when no key repeated, since JSON.parse makes one property per key and a
// repeated key overwrites one. The count can only be too high (a string that starts with
// `:`), never too low unless whitespace stands before a colon, which one regex test
// rules out; either doubt, a `\u0000` escape or too deep a value sends the text to the
// exact scan (`findJsonProblem`), which names the first problem's line, column and path.

import { at } from './validate/check';

/** Deeper nesting is refused, as in YAML (no Kubernetes object is more than ~20 deep). */
export const MAX_JSON_DEPTH = 1000;

export interface JsonProblem {
  /** Offset in the text of the key, string or bracket at fault. */
  readonly offset: number;
  /** JSON path of the value at fault (`items[3].metadata.name`); none for nesting. */
  readonly field?: string;
  readonly reason: string;
}

const TOO_DEEP = Symbol('too deep');

/** True when `value` (what JSON.parse made of `text`) may hide a problem `text` holds. */
export function mayHideProblem(text: string, value: unknown): boolean {
  if (hasNulEscape(text)) return true;
  if (/"[ \t\r\n]+:/.test(text)) return true; // a key token the count below would miss
  let keys: number;
  try {
    keys = typeof value === 'object' && value !== null ? countKeys(value, 1) : 0;
  } catch (e) {
    if (e === TOO_DEEP) return true;
    throw e;
  }
  return countKeyTokens(text) !== keys;
}

/** `"` + `:` not inside a string: each key once, and strings starting with `:` too. */
function countKeyTokens(text: string): number {
  let n = 0;
  for (let i = text.indexOf('":'); i !== -1; i = text.indexOf('":', i + 2)) {
    if (text.charCodeAt(i - 1) === 92 /* \ */ && isEscaped(text, i)) continue;
    n++;
  }
  return n;
}

/** Whether the character at `i` is escaped: an odd run of backslashes before it. */
function isEscaped(text: string, i: number): boolean {
  let k = i - 1;
  while (k >= 0 && text.charCodeAt(k) === 92) k--;
  return (i - 1 - k) % 2 === 1;
}

function hasNulEscape(text: string): boolean {
  for (let i = text.indexOf('\\u0000'); i !== -1; i = text.indexOf('\\u0000', i + 1)) {
    if (!isEscaped(text, i)) return true;
  }
  return false;
}

function countKeys(v: object, depth: number): number {
  if (depth > MAX_JSON_DEPTH) throw TOO_DEEP;
  // Object.values and indexed loops: the walk visits every value of the dump.
  const values: unknown[] = Array.isArray(v) ? v : Object.values(v);
  let n = Array.isArray(v) ? 0 : values.length;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (typeof x === 'object' && x !== null) n += countKeys(x, depth + 1);
  }
  return n;
}

/**
 * The path of the first key or string holding U+0000 in a parsed value, or undefined.
 * For YAML, whose escapes (`"\0"`, `"\x00"`, `"\u0000"`) make one that js-yaml's raw
 * NUL check does not see.
 */
export function nulStringPath(v: unknown, path = ''): string | undefined {
  if (typeof v === 'string') return v.includes('\0') ? path : undefined;
  if (typeof v !== 'object' || v === null) return undefined;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const found = nulStringPath(v[i], at(path, i));
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [k, x] of Object.entries(v)) {
    if (k.includes('\0')) return at(path, k);
    const found = nulStringPath(x, at(path, k));
    if (found !== undefined) return found;
  }
  return undefined;
}

interface ObjectFrame {
  readonly keys: Set<string>;
  key: string | undefined;
}
interface ArrayFrame {
  readonly keys: undefined;
  index: number;
}
type Frame = ObjectFrame | ArrayFrame;

function pathOf(frames: readonly Frame[], upTo = frames.length): string {
  let path = '';
  for (let f = 0; f < upTo; f++) {
    const frame = frames[f]!;
    if (frame.keys) {
      if (frame.key !== undefined) path = at(path, frame.key);
    } else path = at(path, frame.index);
  }
  return path;
}

/**
 * The first duplicate key, NUL character or over-deep value in JSON text, in text order;
 * undefined when there is none. Scans token by token (a few times slower than
 * JSON.parse), so it runs only when `mayHideProblem` says it must. Stops quietly at text
 * that is not JSON (JSON.parse reports that).
 */
export function findJsonProblem(text: string): JsonProblem | undefined {
  const frames: Frame[] = [];
  let expectKey = false;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9 || c === 58 /* : */) {
      i++;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (frames.length >= MAX_JSON_DEPTH) {
        return {
          offset: i,
          reason: `nested more than ${MAX_JSON_DEPTH} levels deep (refused: no Kubernetes object is that deep)`,
        };
      }
      frames.push(c === 123 ? { keys: new Set(), key: undefined } : { keys: undefined, index: 0 });
      expectKey = c === 123;
      i++;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      frames.pop();
      expectKey = false;
      i++;
    } else if (c === 44 /* , */) {
      const top = frames[frames.length - 1];
      if (top && !top.keys) top.index++;
      expectKey = top?.keys !== undefined;
      i++;
    } else if (c === 34 /* " */) {
      let end = text.indexOf('"', i + 1);
      while (end !== -1 && isEscaped(text, end)) end = text.indexOf('"', end + 1);
      if (end === -1) return undefined;
      const raw = text.slice(i + 1, end);
      let s = raw;
      if (raw.includes('\\')) {
        try {
          s = JSON.parse(text.slice(i, end + 1)) as string;
        } catch {
          return undefined;
        }
      }
      const top = frames[frames.length - 1];
      if (expectKey && top?.keys) {
        if (top.keys.has(s)) {
          return {
            offset: i,
            field: at(pathOf(frames, frames.length - 1), s),
            reason: `duplicate key ${JSON.stringify(s)} (refused: JSON.parse would keep only the last; the API server refuses it as "duplicate field")`,
          };
        }
        top.keys.add(s);
        top.key = s;
        expectKey = false;
      }
      if (s.includes('\0')) {
        return {
          offset: i + 1 + Math.max(0, raw.indexOf('\\u0000')),
          field: pathOf(frames),
          reason:
            'holds a NUL character (\\u0000) (refused: no Kubernetes name or value has one, and it cuts text short in C strings and terminals)',
        };
      }
      i = end + 1;
    } else {
      // A number, true, false or null: up to the next delimiter.
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9) break;
        i++;
      }
    }
  }
  return undefined;
}
