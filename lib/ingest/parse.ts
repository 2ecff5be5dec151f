// Text → Kubernetes objects, each with its Origin (file, document, list item).
// YAML (multi-document) and JSON; `kind: List` and typed lists (PodList, ...) are
// expanded item by item; a packetpath snapshot file yields its objects and settings.
// Documents that hold no Kubernetes object are skipped with a NOT_KUBERNETES warning;
// syntax and structure problems are collected and thrown together.

import { parseAllDocuments } from 'yaml';
import type { ClusterSettings, IngestWarning, KubeObject, Origin, SourceMeta } from '../model/types';
import { IngestError, throwIfAny } from './errors';
import { maxObjectsFrom, tooManyObjects } from './limits';
import { rememberOrigin } from './origins';
import { cutManagedFields } from './json-prestrip';
import { findJsonProblem, mayHideProblem, nulStringPath } from './json-strict';
import { loadYamlDocuments, mayHaveAnchors } from './parse-yaml-fast';
import { blankBookkeeping } from './yaml-prestrip';
import { stripBookkeeping } from './strip';
import { isSnapshotDocument, readSettings, readSnapshotMeta, readSnapshotObjects } from './snapshot-file';
import { describeType, isMap, type Issues, type Json } from './validate/check';

export interface ParsedObject {
  readonly object: KubeObject;
  readonly origin: Origin;
}

export interface ParseResult {
  /** The Kubernetes objects, list items expanded, in file order. */
  readonly objects: readonly KubeObject[];
  /** `origins[i]` is where `objects[i]` came from (also remembered for `loadModel` errors). */
  readonly origins: readonly Origin[];
  readonly warnings: readonly IngestWarning[];
  /** The snapshot file's settings, when the text was a packetpath snapshot file. */
  readonly settings?: ClusterSettings;
  /** The snapshot file's meta, when the text was a packetpath snapshot file. */
  readonly meta?: SourceMeta;
}

export interface ParseLimits {
  /** Largest accepted text, in characters. */
  readonly maxTextChars?: number;
  /** Largest accepted single YAML document, in characters. */
  readonly maxDocumentChars?: number;
  /** YAML alias expansions allowed per document (guards against "billion laughs"). */
  readonly maxAliasCount?: number;
  /** Most Kubernetes objects, list items expanded (default PACKETPATH_MAX_OBJECTS, limits.ts). */
  readonly maxObjects?: number;
}

export const DEFAULT_PARSE_LIMITS: Required<Omit<ParseLimits, 'maxObjects'>> = {
  // V8's longest string (2^29 - 24 characters): a file cannot be longer and still be read.
  maxTextChars: 0x1fffffe8,
  // `kubectl get -A -o yaml` writes one `kind: List` document: as large as the file.
  maxDocumentChars: 0x1fffffe8,
  maxAliasCount: 100,
};

/** Problems collected from one input before reading it stops. */
const MAX_COLLECTED_ERRORS = 1000;

/** Lists inside lists (a List of PodLists) are expanded this deep. */
const MAX_LIST_DEPTH = 4;

interface RawDocument {
  readonly value: unknown;
  readonly doc: number;
}

/**
 * Parses one file's text. Throws `IngestError` / `IngestErrors` (MALFORMED_YAML,
 * MALFORMED_JSON, TOO_LARGE, INVALID_FIELD, MISSING_FIELD, INVALID_SNAPSHOT) naming
 * the file, document, line/column or field. Does not validate object fields
 * (see `validateObjects`).
 */
export function parseText(text: string, fileName: string, limits: ParseLimits = {}): ParseResult {
  // After the spread: a caller's `maxObjects: undefined` still means the configured limit.
  const lim = { ...DEFAULT_PARSE_LIMITS, ...limits, maxObjects: limits.maxObjects ?? maxObjectsFrom() };
  if (text.length > lim.maxTextChars) {
    throw new IngestError({
      code: 'TOO_LARGE',
      file: fileName,
      reason: `${text.length} characters is more than the limit of ${lim.maxTextChars}`,
    });
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const docs = /\.json(\.gz)?$/i.test(fileName) ? parseJson(body, fileName) : parseYaml(body, fileName, lim);
  const state: CollectState = {
    file: fileName,
    objects: [],
    warnings: [],
    errors: [],
    maxObjects: lim.maxObjects,
    full: false,
  };
  let snapshot: { meta: SourceMeta; settings: ClusterSettings } | undefined;
  for (const { value, doc } of docs) {
    if (state.full) break;
    if (isSnapshotDocument(value)) {
      snapshot = collectSnapshot(state, value, doc);
      continue;
    }
    collectDocument(state, value, doc);
  }
  throwIfAny(state.errors);
  return {
    objects: state.objects.map((o) => o.object),
    origins: state.objects.map((o) => o.origin),
    warnings: state.warnings,
    ...(snapshot ? { settings: snapshot.settings, meta: snapshot.meta } : {}),
  };
}

function parseJson(text: string, file: string): RawDocument[] {
  if (text.trim() === '') return [];
  // managedFields are cut from the text first (json-prestrip.ts); an error is reported
  // on the original text, so its line and column are the file's.
  const cut = cutManagedFields(text);
  let parsed = cut;
  let value: unknown;
  try {
    value = JSON.parse(cut) as unknown;
  } catch {
    parsed = text;
    value = parseJsonOrThrow(text, file);
  }
  // Duplicate keys, NUL characters and over-deep values JSON.parse accepts (json-strict.ts).
  if (mayHideProblem(parsed, value)) {
    const problem = findJsonProblem(text);
    if (problem) {
      const { offset, field, reason } = problem;
      throw new IngestError({
        code: 'MALFORMED_JSON',
        file,
        doc: 0,
        ...lineColAt(text, offset),
        ...(field !== undefined ? { field } : {}),
        reason,
      });
    }
  }
  return [{ value, doc: 0 }];
}

function parseJsonOrThrow(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    // A raw NUL byte is never JSON (RFC 8259 §7: control characters are escaped): say so.
    const nul = text.indexOf('\u0000');
    const message = e instanceof Error ? e.message : String(e);
    const pos = /at position (\d+)/.exec(message);
    if (nul !== -1 && (!pos || Number(pos[1]) >= nul)) {
      throw new IngestError({
        code: 'MALFORMED_JSON',
        file,
        ...lineColAt(text, nul),
        reason: 'a NUL byte (U+0000) in the text (refused: JSON text never holds one unescaped)',
      });
    }
    const lineCol = pos ? lineColAt(text, Number(pos[1])) : undefined;
    const reason =
      message.replace(/\s*in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '') || 'not valid JSON';
    throw new IngestError({ code: 'MALFORMED_JSON', file, reason, ...lineCol });
  }
}

function lineColAt(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, col: offset - start + 1 };
}

/** Below this size a syntax error is re-read by the `yaml` package, to list every bad document. */
const REREAD_ERRORS_BELOW = 1024 * 1024;

function parseYaml(text: string, file: string, lim: Required<ParseLimits>): RawDocument[] {
  const docs = readYaml(text, file, lim);
  // A raw NUL byte is refused by either parser; the escapes that make one are found here.
  if (YAML_NUL_ESCAPE.test(text)) {
    for (const { value, doc } of docs) {
      const field = nulStringPath(value);
      if (field === undefined) continue;
      throw new IngestError({
        code: 'MALFORMED_YAML',
        file,
        doc,
        field,
        reason:
          'holds a NUL character (an escape of U+0000) (refused: no Kubernetes name or value has one, and it cuts text short in C strings and terminals)',
      });
    }
  }
  return docs;
}

/** The double-quoted escapes of U+0000 (YAML 1.2 §5.7): `\0`, `\x00`, `\u0000`, `\U00000000`. */
const YAML_NUL_ESCAPE = /\\(?:0|x00|u0000|U00000000)/;

function readYaml(text: string, file: string, lim: Required<ParseLimits>): RawDocument[] {
  // The fast path (parse-yaml-fast.ts) when no anchor can need alias counting and no
  // document can pass the document limit.
  if (text.length <= lim.maxDocumentChars && !mayHaveAnchors(text)) {
    // managedFields and last-applied blanked first (yaml-prestrip.ts); a problem is
    // reported on the original text, so its document, line and column are the file's.
    const blanked = blankBookkeeping(text);
    let fast = loadYamlDocuments(blanked);
    if (!('values' in fast) && blanked !== text) fast = loadYamlDocuments(text);
    if ('values' in fast) return fast.values.map((value, doc) => ({ value, doc }));
    if (fast.failure.final || text.length >= REREAD_ERRORS_BELOW) {
      const { doc, line, col, reason } = fast.failure;
      throw new IngestError({ code: 'MALFORMED_YAML', file, doc, line, col, reason });
    }
  }
  return parseYamlDocuments(text, file, lim);
}

function parseYamlDocuments(text: string, file: string, lim: Required<ParseLimits>): RawDocument[] {
  const errors: IngestError[] = [];
  const out: RawDocument[] = [];
  const docs = (() => {
    try {
      const parsed = parseAllDocuments(text, { prettyErrors: false });
      return Array.isArray(parsed) ? parsed : [];
    } catch (e) {
      return refuseDeep(e, file);
    }
  })();
  docs.forEach((d, doc) => {
    const first = d.errors[0];
    if (first) {
      const pos = first.linePos?.[0] ?? lineColAt(text, first.pos[0]);
      const reason = first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      errors.push(
        new IngestError({ code: 'MALFORMED_YAML', file, doc, line: pos.line, col: pos.col, reason }),
      );
      return;
    }
    const size = d.range[1] - d.range[0];
    if (size > lim.maxDocumentChars) {
      errors.push(
        new IngestError({
          code: 'TOO_LARGE',
          file,
          doc,
          reason: `document of ${size} characters is more than the limit of ${lim.maxDocumentChars}`,
        }),
      );
      return;
    }
    try {
      out.push({ value: d.toJS({ maxAliasCount: lim.maxAliasCount }) as unknown, doc });
    } catch (e) {
      const message = e instanceof Error ? e.message.split('\n')[0]! : String(e);
      const reason = /alias count/i.test(message)
        ? `more than ${lim.maxAliasCount} YAML alias expansions (refused: aliases can blow up a small file into a huge one)`
        : message;
      errors.push(new IngestError({ code: 'MALFORMED_YAML', file, doc, reason }));
    }
  });
  throwIfAny(errors);
  return out;
}

/** The yaml package's composer recurses: a stack overflow there is deep nesting, refused. */
function refuseDeep(e: unknown, file: string): never {
  if (!(e instanceof RangeError)) throw e;
  throw new IngestError({
    code: 'MALFORMED_YAML',
    file,
    reason: 'nested too deeply to read (refused: no Kubernetes object is that deep)',
  });
}

interface CollectState {
  readonly file: string;
  readonly objects: ParsedObject[];
  readonly warnings: IngestWarning[];
  readonly errors: IngestError[];
  readonly maxObjects: number;
  /** Set once the object limit or the error cap is passed: nothing more is collected. */
  full: boolean;
}

/** Whether `more` objects fit beside those collected; if not, says so once and stops collecting. */
function roomFor(state: CollectState, more: number, origin: Origin, field: string): boolean {
  const count = state.objects.length + more;
  if (count <= state.maxObjects) return true;
  state.full = true;
  state.errors.push(
    new IngestError({
      code: 'TOO_LARGE',
      file: origin.file,
      doc: origin.doc,
      path: origin.path,
      field,
      reason: tooManyObjects(count, state.maxObjects),
    }),
  );
  return false;
}

function collectDocument(state: CollectState, value: unknown, doc: number): void {
  if (value === null || value === undefined) return; // empty document
  const looksKube = isMap(value) && (value.kind !== undefined || value.apiVersion !== undefined);
  if (!looksKube) {
    state.warnings.push({
      code: 'NOT_KUBERNETES',
      message: `${state.file}: document ${doc + 1}: holds no Kubernetes object (${describeType(value)} without kind/apiVersion); skipped`,
      origin: { file: state.file, doc },
    });
    return;
  }
  collectObject(state, value, { file: state.file, doc }, undefined, 0);
}

/** Adds one object, or the items of a list, located at `origin`. */
function collectObject(
  state: CollectState,
  value: unknown,
  origin: Origin,
  fromList: { kind: string; apiVersion: unknown } | undefined,
  depth: number,
): void {
  const fail = (field: string, reason: string, code: 'INVALID_FIELD' | 'MISSING_FIELD' = 'INVALID_FIELD') => {
    state.errors.push(
      new IngestError({ code, file: origin.file, doc: origin.doc, path: origin.path, field, reason }),
    );
    if (state.errors.length < MAX_COLLECTED_ERRORS) return;
    // A list of a hundred thousand bad items needs no hundred thousand errors.
    state.full = true;
    state.errors.push(
      new IngestError({
        code,
        file: origin.file,
        reason: `reading stopped after ${MAX_COLLECTED_ERRORS.toLocaleString('en-US')} problems`,
      }),
    );
  };
  if (!isMap(value)) {
    fail('', `expected a Kubernetes object (a map), got ${describeType(value)}`);
    return;
  }
  const kind = value.kind ?? fromList?.kind;
  if (kind === undefined || kind === null || kind === '')
    return void fail('kind', 'required field is missing', 'MISSING_FIELD');
  if (typeof kind !== 'string') return void fail('kind', `expected a string, got ${describeType(kind)}`);
  if (isListKind(kind, value)) {
    if (depth >= MAX_LIST_DEPTH) return void fail('items', `lists nested more than ${MAX_LIST_DEPTH} deep`);
    const items = value.items;
    if (items === undefined || items === null) return; // an empty list
    if (!Array.isArray(items)) return void fail('items', `expected a list, got ${describeType(items)}`);
    // Items of a typed list (PodList) may omit kind and apiVersion: they are the list's.
    const itemsOf =
      kind === 'List' ? undefined : { kind: kind.slice(0, -'List'.length), apiVersion: value.apiVersion };
    // Counted before any item is built: a list of a million empty maps ends here.
    if (!roomFor(state, items.length, origin, 'items')) return;
    for (let i = 0; i < items.length && !state.full; i++) {
      const path = origin.path ? `${origin.path}.items[${i}]` : `items[${i}]`;
      collectObject(state, items[i], { ...origin, item: origin.item ?? i, path }, itemsOf, depth + 1);
    }
    return;
  }
  if (kind === 'PacketpathSnapshot')
    return void fail('kind', 'a snapshot cannot be nested inside another document');
  if (value.metadata !== undefined && value.metadata !== null && !isMap(value.metadata)) {
    return void fail('metadata', `expected a map, got ${describeType(value.metadata)}`);
  }
  const complete =
    value.kind === kind && isMap(value.metadata) && (value.apiVersion !== undefined || !fromList);
  const apiVersion = value.apiVersion ?? fromList?.apiVersion;
  const object = (complete
    ? value
    : {
        ...(apiVersion !== undefined ? { apiVersion } : {}),
        ...value,
        kind,
        metadata: value.metadata ?? {},
      }) as unknown as KubeObject;
  if (!roomFor(state, 1, origin, '')) return;
  stripBookkeeping(object);
  rememberOrigin(object, origin);
  state.objects.push({ object, origin });
}

function isListKind(kind: string, value: Json): boolean {
  return (
    kind === 'List' ||
    (kind.length > 4 &&
      kind.endsWith('List') &&
      (Array.isArray(value.items) || value.items === undefined || value.items === null) &&
      'items' in value)
  );
}

function collectSnapshot(
  state: CollectState,
  value: Json,
  doc: number,
): { meta: SourceMeta; settings: ClusterSettings } {
  const iss: Issues = [];
  const meta = readSnapshotMeta(iss, value.meta, state.file);
  const settings = readSettings(iss, value.settings);
  const items = readSnapshotObjects(iss, value.objects);
  for (const issue of iss) {
    state.errors.push(
      new IngestError({
        code: 'INVALID_SNAPSHOT',
        file: state.file,
        doc,
        field: issue.field,
        reason: issue.reason,
      }),
    );
  }
  items.forEach((item, i) =>
    collectObject(state, item, { file: state.file, doc, item: i, path: `objects[${i}]` }, undefined, 0),
  );
  return { meta, settings };
}
