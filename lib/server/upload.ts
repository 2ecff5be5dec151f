// Reading an upload: the files of a kubectl dump or manifests, sent as
// multipart/form-data (several files) or as one raw YAML/JSON body. Limits are
// checked before anything is parsed so a huge body never reaches the YAML parser.

import type { SourceMeta } from '../model/types';
import { IngestError, throwIfAny } from '../ingest/errors';
import { ApiError } from './errors';

const MiB = 1024 * 1024;

/** Documented in the upload page and http.md: 5 MiB per file, 20 MiB per upload, 100 files. */
export const UPLOAD_LIMITS = { maxFileBytes: 5 * MiB, maxTotalBytes: 20 * MiB, maxFiles: 100 } as const;

export const ACCEPTED_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

export interface UploadFile {
  readonly name: string;
  readonly text: string;
}

const RAW_TYPES: Readonly<Record<string, '.yaml' | '.json'>> = {
  'application/yaml': '.yaml',
  'application/x-yaml': '.yaml',
  'text/yaml': '.yaml',
  'text/x-yaml': '.yaml',
  'text/plain': '.yaml',
  'application/json': '.json',
};

function tooLarge(detail: string): ApiError {
  return new ApiError(413, 'upload too large', detail, { limits: UPLOAD_LIMITS });
}

function mib(bytes: number): string {
  return `${(bytes / MiB).toFixed(1)} MiB`;
}

function checkExtension(name: string): void {
  const lower = name.toLowerCase();
  if (!ACCEPTED_EXTENSIONS.some((ext) => lower.endsWith(ext))) {
    throw new ApiError(415, 'unsupported file type', `${name}: only ${ACCEPTED_EXTENSIONS.join(', ')} files are accepted`, { file: name });
  }
}

/** A safe display name: no directories, no control characters. */
function cleanName(name: string, fallback: string): string {
  const base = name.split(/[\\/]/).pop()?.replace(/[\u0000-\u001f]/g, '').trim() ?? '';
  return base.slice(0, 200) || fallback;
}

/** Reads a body stream, stopping as soon as it passes `limit` bytes. */
async function readLimited(body: ReadableStream<Uint8Array> | null, limit: number): Promise<string> {
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw tooLarge(`the body is larger than ${mib(limit)}`);
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

/** The files of an upload request, with limits and types checked. */
export async function readUploadRequest(request: Request): Promise<UploadFile[]> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  // Multipart framing adds a little; allow 64 KiB of it over the total limit.
  if (Number.isFinite(declared) && declared > UPLOAD_LIMITS.maxTotalBytes + 64 * 1024) {
    throw tooLarge(`the upload is ${mib(declared)}; the limit is ${mib(UPLOAD_LIMITS.maxTotalBytes)} in total and ${mib(UPLOAD_LIMITS.maxFileBytes)} per file`);
  }
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'multipart/form-data') return readMultipart(request);
  const ext = RAW_TYPES[type];
  if (!ext) {
    throw new ApiError(415, 'unsupported media type', `expected multipart/form-data, application/yaml or application/json, got "${type || 'none'}"`);
  }
  const text = await readLimited(request.body, UPLOAD_LIMITS.maxFileBytes);
  const named = new URL(request.url).searchParams.get('name');
  const name = cleanName(named ?? '', `upload${ext}`);
  if (named) checkExtension(name);
  if (text.trim() === '') throw new ApiError(400, 'empty upload', 'the body holds no YAML or JSON');
  return [{ name, text }];
}

async function readMultipart(request: Request): Promise<UploadFile[]> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new ApiError(400, 'malformed upload', 'the multipart/form-data body could not be read');
  }
  const files: File[] = [];
  for (const value of form.values()) if (typeof value !== 'string') files.push(value);
  if (files.length === 0) throw new ApiError(400, 'empty upload', 'the form holds no file (send each file as a form field)');
  if (files.length > UPLOAD_LIMITS.maxFiles) throw tooLarge(`${files.length} files; at most ${UPLOAD_LIMITS.maxFiles} per upload`);
  let total = 0;
  const out: UploadFile[] = [];
  for (const [i, file] of files.entries()) {
    const name = cleanName(file.name, `file-${i + 1}.yaml`);
    checkExtension(name);
    if (file.size > UPLOAD_LIMITS.maxFileBytes) throw tooLarge(`${name} is ${mib(file.size)}; the limit is ${mib(UPLOAD_LIMITS.maxFileBytes)} per file`);
    total += file.size;
    if (total > UPLOAD_LIMITS.maxTotalBytes) throw tooLarge(`the files add up to more than ${mib(UPLOAD_LIMITS.maxTotalBytes)}`);
    out.push({ name, text: await file.text() });
  }
  return out;
}

/**
 * Parses every file (so one answer lists the problems of all of them) and throws
 * the collected IngestErrors, each naming file, document and field.
 */
export function parseFiles<R>(files: readonly UploadFile[], parse: (text: string, fileName: string) => R): R[] {
  const results: R[] = [];
  const problems: IngestError[] = [];
  for (const file of files) {
    try {
      results.push(parse(file.text, file.name));
    } catch (err) {
      if (!(err instanceof IngestError)) throw err;
      problems.push(...('errors' in err && Array.isArray(err.errors) ? (err.errors as IngestError[]) : [err]));
    }
  }
  throwIfAny(problems);
  return results;
}

/** The metadata of an upload: its file names as the title, the upload time. */
export function uploadMeta(files: readonly UploadFile[], now: Date = new Date()): SourceMeta {
  const names = files.map((f) => f.name);
  const title = names.length <= 3 ? names.join(', ') : `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`;
  return { kind: 'upload', title, capturedAt: now.toISOString() };
}
