// Blanks the lines of `metadata.managedFields` and of the
// `kubectl.kubernetes.io/last-applied-configuration` annotation out of YAML text before
// js-yaml reads it. In a `kubectl get -o yaml` dump they are about half the bytes
// (bench/clusters.ts), parsed only to be dropped (strip.ts). Each cut value becomes a
// comment line and empty lines, as many lines as it had, so every line and column the
// parser reports is still the file's.
//
// Only a key the YAML structure proves is a key is cut: a line `managedFields:` (nothing
// after the colon) or `kubectl.kubernetes.io/last-applied-configuration: |` whose chain
// of less indented lines up to column 0 holds only plain `key:` openers and sequence items
// (so it is not inside a block scalar, a quoted scalar or a flow collection), whose parent
// is the `metadata:` of an object (a document's own, or an item's of the document's
// `items:`), or `annotations:` under that `metadata:`. Its value is the lines after it
// that are blank, more indented, or sequence items at its own indentation (kubectl writes
// sequences at their key's indentation). Anything else is left as it is; strip.ts drops
// what stays after the parse, and the caller re-reads the original text when the cut one
// does not parse.

import { LAST_APPLIED } from './strip';

const MANAGED = 'managedFields:';
const APPLIED = `${LAST_APPLIED}:`;

interface Line {
  readonly start: number;
  /** Index of the line's `\n`, or the text's length. */
  readonly end: number;
  readonly indent: number;
}

function lineAt(text: string, start: number): Line {
  let end = text.indexOf('\n', start);
  if (end === -1) end = text.length;
  let i = start;
  while (i < end && text.charCodeAt(i) === 32) i++;
  return { start, end, indent: i - start };
}

function previousLine(text: string, line: Line): Line | undefined {
  if (line.start === 0) return undefined;
  const start = text.lastIndexOf('\n', line.start - 2) + 1;
  return lineAt(text, start);
}

function isBlank(text: string, line: Line): boolean {
  for (let i = line.start + line.indent; i < line.end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 13 && c !== 9 && c !== 32) return false;
  }
  return true;
}

/** The line's content after its indentation, without a trailing `\r` and spaces. */
function content(text: string, line: Line): string {
  return text.slice(line.start + line.indent, line.end).replace(/[ \t\r]+$/, '');
}

/**
 * The annotation's value as a block scalar (`|`, what kubectl prints: the JSON ends with a
 * newline, and go-yaml writes a string holding one in literal style) or a double-quoted
 * string closed on its own line (the closing quote not escaped).
 */
const APPLIED_VALUE = /^\S+: (?:[|>][-+0-9]*|"(?:[^"\\]|\\.)*")$/;

/** `key:` with a plain key and nothing after the colon. */
const OPENER = /^[A-Za-z0-9_./-]+:$/;
/** A sequence item whose first key holds a plain scalar, or opens a map: `- kind: Pod`, `- spec:`. */
const ITEM = /^(?:- )+(?:[A-Za-z0-9_./-]+:(?: [A-Za-z0-9_./:@+-]*)?)?$|^-$/;

/**
 * The parent line of `line` (the nearest line above it that is less indented), or
 * undefined when the chain from it to column 0 is not plain block structure. Lines whose
 * chain was proven are remembered in `plain` (start → the start of their parent, -1 at
 * column 0): a later walk that meets one at its own indentation or less shares its chain,
 * so the walks cost about one pass over the text even where every list item sits under one
 * `items:` line.
 */
function plainParent(text: string, line: Line, plain: Map<number, number>): Line | undefined {
  const chain: Line[] = [];
  let indent = line.indent;
  let ancestor: Line | undefined; // the end of the walk: column 0, or a proven line
  for (let l = previousLine(text, line); l; l = previousLine(text, l)) {
    if (isBlank(text, l)) continue;
    const proven = plain.get(l.start);
    if (proven !== undefined && l.indent <= indent) {
      // A proven sibling shares our parent; a proven ancestor is one.
      if (l.indent === indent) ancestor = proven === -1 ? undefined : lineAt(text, proven);
      else ancestor = l;
      if (ancestor) chain.push(ancestor);
      break;
    }
    if (l.indent >= indent) continue;
    const c = content(text, l);
    if (c.startsWith('#') || !(OPENER.test(c) || ITEM.test(c))) return undefined;
    chain.push(l);
    indent = l.indent;
    if (indent === 0) {
      ancestor = l;
      break;
    }
  }
  // The text's first line reached above column 0: not a document kubectl writes.
  if (!ancestor || chain.length === 0) return undefined;
  for (let i = 0; i < chain.length - 1; i++) plain.set(chain[i]!.start, chain[i + 1]!.start);
  const top = chain[chain.length - 1]!;
  if (!plain.has(top.start)) plain.set(top.start, -1);
  return chain[0];
}

/** The column of the line's key: after its indentation and any `- ` before the key. */
function keyColumn(text: string, line: Line): number {
  let i = line.start + line.indent;
  while (text.charCodeAt(i) === 45 /* - */ && text.charCodeAt(i + 1) === 32) i += 2;
  return i - line.start;
}

/** The line's key, without the `- ` of a sequence item. */
function keyOf(text: string, line: Line): string {
  const c = content(text, line).slice(keyColumn(text, line) - line.indent);
  return c.slice(0, c.indexOf(':'));
}

/**
 * Whether `meta` is the `metadata:` of an object parse.ts reads: a document's own (at
 * column 0) or that of an item of the document's `items:` (a `kind: List`).
 */
function objectMetadata(text: string, meta: Line, ctx: Context): boolean {
  if (keyOf(text, meta) !== 'metadata') return false;
  if (meta.indent === 0) return keyColumn(text, meta) === 0;
  // The item's own line: `- metadata:`, or the `- apiVersion: v1` above `  metadata:`.
  let item: Line | undefined = meta;
  if (keyColumn(text, meta) === meta.indent) {
    item = plainParent(text, meta, ctx.plain);
    if (!item || keyColumn(text, item) !== meta.indent) return false;
  }
  // One `- ` only: an item of `items:`, not of a list inside it.
  if (keyColumn(text, item) !== item.indent + 2) return false;
  if (item.indent > 0) {
    const owner = plainParent(text, item, ctx.plain);
    return owner !== undefined && owner.indent === 0 && content(text, owner) === 'items:';
  }
  // A sequence at column 0 belongs to the last root key above it (kubectl's layout).
  return ctx.rootKeyBefore(item.start) === 'items:';
}

interface Context {
  readonly plain: Map<number, number>;
  /** The content of the last line at column 0 above `at` that is not a sequence item. */
  rootKeyBefore(at: number): string | undefined;
}

/** Root lines found once, front to back: candidates come in the text's order. */
function rootKeys(text: string): (at: number) => string | undefined {
  const ROOT = /^(?:---|\.\.\.|[^\s#-][^\n]*)/gm;
  let last: string | undefined;
  let next = ROOT.exec(text);
  return (at) => {
    while (next && next.index < at) {
      last = next[0].replace(/[ \t\r]+$/, '');
      next = ROOT.exec(text);
    }
    return last;
  };
}

/** The start of the first line after `line`'s value (or the text's length). */
function valueEnd(text: string, line: Line): number {
  let at = line.end + 1;
  while (at < text.length) {
    const l = lineAt(text, at);
    const dash = text.charCodeAt(l.start + l.indent) === 45; /* - */
    const item =
      dash &&
      l.indent === line.indent &&
      /^-(?:[ \r]|$)/.test(text.slice(l.start + l.indent, l.start + l.indent + 2));
    if (!(l.indent > line.indent || item || isBlank(text, l))) break;
    at = l.end + 1;
  }
  // One past the text's end when its last line has no newline.
  return Math.min(at, text.length);
}

/** The next `managedFields:` and last-applied key at or after a position, each found once. */
class Candidates {
  private managed = -2;
  private applied = -2;
  constructor(private readonly text: string) {}

  next(from: number): { at: number; key: 'managed' | 'applied' } | undefined {
    if (this.managed !== -1 && this.managed < from) this.managed = this.text.indexOf(MANAGED, from);
    if (this.applied !== -1 && this.applied < from) this.applied = this.text.indexOf(APPLIED, from);
    const m = this.managed;
    const a = this.applied;
    if (m === -1 && a === -1) return undefined;
    if (a === -1 || (m !== -1 && m < a)) return { at: m, key: 'managed' };
    return { at: a, key: 'applied' };
  }
}

/** Newlines only, one per line of `text.slice(start, end)`. */
function blankLines(text: string, start: number, end: number): string {
  let n = 0;
  for (let i = text.indexOf('\n', start); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return '\n'.repeat(n);
}

/** `text` with managedFields and last-applied-configuration values blanked line for line. */
export function blankBookkeeping(text: string): string {
  const parts: string[] = [];
  let from = 0; // the start of the text not yet copied
  const candidates = new Candidates(text);
  const ctx: Context = { plain: new Map(), rootKeyBefore: rootKeys(text) };
  for (let c = candidates.next(0); c; c = candidates.next(Math.max(c.at + 1, from))) {
    const line = lineAt(text, text.lastIndexOf('\n', c.at) + 1);
    if (line.start + line.indent !== c.at || line.start < from) continue;
    const rest = content(text, line);
    if (c.key === 'managed' ? rest !== MANAGED : !APPLIED_VALUE.test(rest)) continue;
    const parent = plainParent(text, line, ctx.plain);
    // A member of the parent's map: more indented than the parent's key (not its sibling).
    if (!parent || line.indent <= keyColumn(text, parent)) continue;
    if (c.key === 'managed' && !objectMetadata(text, parent, ctx)) continue;
    if (c.key === 'applied') {
      if (content(text, parent) !== 'annotations:') continue;
      const meta = plainParent(text, parent, ctx.plain);
      if (!meta || parent.indent <= keyColumn(text, meta) || !objectMetadata(text, meta, ctx)) continue;
    }
    const end = valueEnd(text, line);
    // A map left with no member would read as null, not as the empty map strip.ts leaves.
    const after = end < text.length ? lineAt(text, end) : undefined;
    const emptied = parent.end + 1 === line.start && (!after || after.indent < line.indent);
    if (emptied) {
      parts.push(text.slice(from, parent.end).replace(/\r$/, ''), ' {}', text.slice(parent.end, line.start));
    } else parts.push(text.slice(from, line.start));
    // The key's line becomes a comment at its indentation, the rest empty lines: empty
    // lines alone would join a block scalar with keep chomping (`|+`, what go-yaml writes
    // for a string ending in two newlines) right above, and a comment less indented than
    // that scalar's text ends it (YAML 1.2.2 §8.1.1.2, l-trail-comments).
    parts.push(`${' '.repeat(line.indent)}#`, blankLines(text, line.start, end));
    from = end;
  }
  if (from === 0) return text;
  parts.push(text.slice(from));
  return parts.join('');
}
