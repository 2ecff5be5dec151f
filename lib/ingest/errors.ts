// Errors for bad input. Each names the file, the YAML document, the field and the
// reason, so the CLI and the upload page can print one line a person can act on:
//   manifests/bad.yaml: document 2: spec.podSelector.matchLabels: expected a map of string to string, got a list
// Problems are collected per input and thrown together as one `IngestErrors`.

import type { ObjectRef, Origin } from '../model/types';

export type IngestErrorCode =
  | 'MALFORMED_YAML'
  | 'MALFORMED_JSON'
  | 'INVALID_FIELD'
  | 'MISSING_FIELD'
  | 'INVALID_SNAPSHOT'
  | 'TOO_LARGE'
  | 'UNREADABLE'
  | 'NOT_FOUND'
  | 'NO_INPUT';

export interface IngestErrorData {
  readonly code: IngestErrorCode;
  readonly reason: string;
  readonly file?: string;
  /** 0-based YAML document index; printed 1-based as "document N". */
  readonly doc?: number;
  /** Path of the object inside its document (`items[3]`), when it is not the document. */
  readonly path?: string;
  /** Field path inside the object, e.g. `spec.ingress[0].from[1].podSelector.matchLabels`. */
  readonly field?: string;
  /** 1-based line and column, for syntax errors. */
  readonly line?: number;
  readonly col?: number;
  readonly ref?: ObjectRef;
}

/** Formats the location + reason as one line (without an `Error:` prefix). */
export function formatIngestError(d: IngestErrorData): string {
  const parts: string[] = [];
  if (d.file !== undefined) parts.push(d.file);
  if (d.doc !== undefined) parts.push(`document ${d.doc + 1}`);
  if (d.line !== undefined)
    parts.push(d.col !== undefined ? `line ${d.line}, column ${d.col}` : `line ${d.line}`);
  const field = [d.path, d.field].filter((p) => p !== undefined && p !== '').join('.');
  if (field) parts.push(field);
  parts.push(d.reason);
  return parts.join(': ');
}

/** One problem with the input. Thrown only for bad input, never for an expected outcome. */
export class IngestError extends Error implements IngestErrorData {
  readonly code: IngestErrorCode;
  readonly reason: string;
  readonly file?: string;
  readonly doc?: number;
  readonly path?: string;
  readonly field?: string;
  readonly line?: number;
  readonly col?: number;
  readonly ref?: ObjectRef;

  constructor(data: IngestErrorData, message: string = formatIngestError(data)) {
    super(message);
    this.name = 'IngestError';
    this.code = data.code;
    this.reason = data.reason;
    if (data.file !== undefined) this.file = data.file;
    if (data.doc !== undefined) this.doc = data.doc;
    if (data.path !== undefined) this.path = data.path;
    if (data.field !== undefined) this.field = data.field;
    if (data.line !== undefined) this.line = data.line;
    if (data.col !== undefined) this.col = data.col;
    if (data.ref !== undefined) this.ref = data.ref;
  }

  /** Plain data for JSON answers (API routes). */
  toJSON(): IngestErrorData & { message: string } {
    const { code, reason, file, doc, path, field, line, col, ref } = this;
    return { code, reason, file, doc, path, field, line, col, ref, message: this.message };
  }
}

/** Most errors printed in the aggregate message; the full list stays in `errors`. */
const MAX_LISTED = 50;

/**
 * All problems found in an input. It is itself an `IngestError` (the first problem's
 * code and location) so a caller can catch `IngestError` alone; its message lists
 * every problem, one per line.
 */
export class IngestErrors extends IngestError {
  readonly errors: readonly IngestError[];

  constructor(errors: readonly IngestError[]) {
    const first = errors[0];
    if (!first) throw new Error('IngestErrors needs at least one error');
    const lines = errors.slice(0, MAX_LISTED).map((e) => e.message);
    if (errors.length > MAX_LISTED) lines.push(`... and ${errors.length - MAX_LISTED} more problems`);
    super(first, lines.join('\n'));
    this.name = 'IngestErrors';
    this.errors = errors;
  }
}

/** Throws the collected errors (one as itself, several as `IngestErrors`); no-op when empty. */
export function throwIfAny(errors: readonly IngestError[]): void {
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new IngestErrors(errors);
}

/** Builds an error located at an object's origin. */
export function errorAt(
  origin: Origin | undefined,
  data: Omit<IngestErrorData, 'file' | 'doc' | 'path'>,
): IngestError {
  return new IngestError({ ...data, file: origin?.file, doc: origin?.doc, path: origin?.path });
}
