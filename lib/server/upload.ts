// Reading an upload: the files of a kubectl dump or manifests, sent as
// multipart/form-data (several files) or as one raw YAML/JSON body, either of them
// gzip-compressed (`Content-Encoding: gzip`, or parts named *.gz). The body streams to a
// temporary file and is refused with 413 as soon as it passes the limit (upload-spool.ts),
// so neither a huge body nor a huge declared length is ever held in memory; limits are
// checked before anything is parsed.

import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { SourceMeta } from '../model/types';
import { IngestError, throwIfAny } from '../ingest/errors';
import { decodeUtf8 } from '../ingest/utf8';
import { ApiError } from './errors';
import { spoolBody } from './upload-spool';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
/** V8's longest string: one file is parsed as one string, so no file can be longer. */
const MAX_STRING = 0x1fffffe8;
const gunzipAsync = promisify(gunzip);

export interface UploadLimits {
  readonly maxFileBytes: number;
  readonly maxTotalBytes: number;
  readonly maxFiles: number;
}

/** `1073741824`, `1024MiB`, `1GiB`, `512M`, `2G`: a byte count from the environment. */
export function parseByteSize(value: string | undefined): number | undefined {
  const m = value?.trim().match(/^(\d+(?:\.\d+)?)\s*(|B|K|KB|KiB|M|MB|MiB|G|GB|GiB)$/i);
  if (!m) return undefined;
  const unit = m[2]!.toLowerCase()[0];
  const factor = unit === 'k' ? 1024 : unit === 'm' ? MiB : unit === 'g' ? GiB : 1;
  return Math.floor(Number(m[1]) * factor);
}

/**
 * The upload limits: PACKETPATH_UPLOAD_MAX_BYTES for the whole upload (uncompressed;
 * default 1 GiB), PACKETPATH_UPLOAD_MAX_FILE_BYTES per file (default and most 512 MiB),
 * 100 files. Documented in docs/reference.md and on the upload page.
 */
export function uploadLimits(env: Readonly<Record<string, string | undefined>> = process.env): UploadLimits {
  const total = parseByteSize(env.PACKETPATH_UPLOAD_MAX_BYTES) ?? GiB;
  const file = Math.min(parseByteSize(env.PACKETPATH_UPLOAD_MAX_FILE_BYTES) ?? 512 * MiB, MAX_STRING, total);
  return { maxFileBytes: file, maxTotalBytes: total, maxFiles: 100 };
}

export const UPLOAD_LIMITS: UploadLimits = uploadLimits();

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
  'application/json': '.json',
};

function tooLarge(detail: string, limits: UploadLimits = UPLOAD_LIMITS): ApiError {
  return new ApiError(413, 'upload too large', detail, { limits });
}

function mib(bytes: number): string {
  return `${(bytes / MiB).toFixed(1)} MiB`;
}

function checkExtension(name: string): void {
  const lower = name.toLowerCase().replace(/\.gz$/, '');
  if (!ACCEPTED_EXTENSIONS.some((ext) => lower.endsWith(ext))) {
    throw new ApiError(
      415,
      'unsupported file type',
      `${name}: only ${ACCEPTED_EXTENSIONS.join(', ')} files (or the same gzip-compressed, .gz) are accepted`,
      { file: name },
    );
  }
}

/** A safe display name: no directories, no control characters. */
function cleanName(name: string, fallback: string): string {
  const base =
    name
      .split(/[\\/]/)
      .pop()
      // Control characters (NUL and the C0 set) never belong in a name shown in the page.
      // eslint-disable-next-line no-control-regex
      ?.replace(/[\u0000-\u001f]/g, '')
      .trim() ?? '';
  return base.slice(0, 200) || fallback;
}

/** The body's text, or a gunzipped file's, refused past `limit` bytes. */
async function decodeText(
  bytes: Buffer,
  name: string,
  gzipped: boolean,
  limits: UploadLimits,
): Promise<string> {
  if (!gzipped) return decodeUtf8(bytes, name);
  let text: Buffer;
  try {
    text = await gunzipAsync(bytes, { maxOutputLength: limits.maxFileBytes });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE')
      throw tooLarge(
        `${name} decompresses to more than ${mib(limits.maxFileBytes)}; the limit per file`,
        limits,
      );
    throw new ApiError(400, 'malformed upload', `${name}: not valid gzip`, { file: name });
  }
  return decodeUtf8(text, name);
}

function isGzipEncoded(request: Request): boolean {
  const enc = (request.headers.get('content-encoding') ?? '').trim().toLowerCase();
  if (enc === '' || enc === 'identity') return false;
  if (enc === 'gzip' || enc === 'x-gzip') return true;
  throw new ApiError(415, 'unsupported content encoding', `Content-Encoding "${enc}": only gzip is accepted`);
}

/** The files of an upload request, with limits and types checked. */
export async function readUploadRequest(
  request: Request,
  limits: UploadLimits = UPLOAD_LIMITS,
): Promise<UploadFile[]> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  // Multipart framing adds a little; allow 64 KiB of it over the total limit.
  if (Number.isFinite(declared) && declared > limits.maxTotalBytes + 64 * 1024) {
    await request.body?.cancel().catch(() => {});
    throw tooLarge(
      `the upload is ${mib(declared)}; the limit is ${mib(limits.maxTotalBytes)} in total and ${mib(limits.maxFileBytes)} per file`,
      limits,
    );
  }
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const gzip = isGzipEncoded(request);
  if (type === 'multipart/form-data') return readMultipart(request, gzip, limits);
  const ext = RAW_TYPES[type];
  if (!ext) {
    throw new ApiError(
      415,
      'unsupported media type',
      `expected multipart/form-data, application/yaml or application/json, got "${type || 'none'}"`,
    );
  }
  const named = new URL(request.url).searchParams.get('name');
  const name = cleanName(named ?? '', `upload${ext}`);
  if (named) checkExtension(name);
  const spooled = await spoolBody(request.body, {
    limit: limits.maxFileBytes,
    gzip,
    tooLarge: () =>
      tooLarge(`the body is larger than ${mib(limits.maxFileBytes)}, the limit per file`, limits),
  });
  let text: string;
  try {
    // A raw body named *.gz without Content-Encoding is a compressed file: unpack it.
    text = await decodeText(await readFile(spooled.path), name, !gzip && /\.gz$/i.test(name), limits);
  } finally {
    await spooled.dispose();
  }
  if (text.trim() === '') throw new ApiError(400, 'empty upload', 'the body holds no YAML or JSON');
  return [{ name, text }];
}

async function readMultipart(request: Request, gzip: boolean, limits: UploadLimits): Promise<UploadFile[]> {
  const spooled = await spoolBody(request.body, {
    limit: limits.maxTotalBytes + 64 * 1024,
    gzip,
    tooLarge: () =>
      tooLarge(`the upload is larger than ${mib(limits.maxTotalBytes)}, the limit in total`, limits),
  });
  let form: FormData;
  try {
    const body = Readable.toWeb(createReadStream(spooled.path)) as ReadableStream<Uint8Array>;
    form = await new Response(body, {
      headers: { 'content-type': request.headers.get('content-type') ?? '' },
    }).formData();
  } catch {
    throw new ApiError(400, 'malformed upload', 'the multipart/form-data body could not be read');
  } finally {
    await spooled.dispose();
  }
  const files: File[] = [];
  for (const value of form.values()) if (typeof value !== 'string') files.push(value);
  if (files.length === 0)
    throw new ApiError(400, 'empty upload', 'the form holds no file (send each file as a form field)');
  if (files.length > limits.maxFiles)
    throw tooLarge(`${files.length} files; at most ${limits.maxFiles} per upload`, limits);
  let total = 0;
  const out: UploadFile[] = [];
  for (const [i, file] of files.entries()) {
    const name = cleanName(file.name, `file-${i + 1}.yaml`);
    checkExtension(name);
    if (file.size > limits.maxFileBytes)
      throw tooLarge(
        `${name} is ${mib(file.size)}; the limit is ${mib(limits.maxFileBytes)} per file`,
        limits,
      );
    const text = await decodeText(Buffer.from(await file.arrayBuffer()), name, /\.gz$/i.test(name), limits);
    total += Buffer.byteLength(text);
    if (total > limits.maxTotalBytes)
      throw tooLarge(`the files add up to more than ${mib(limits.maxTotalBytes)}`, limits);
    out.push({ name, text });
  }
  return out;
}

/**
 * Parses every file (so one answer lists the problems of all of them) and throws
 * the collected IngestErrors, each naming file, document and field.
 */
export function parseFiles<R>(
  files: readonly UploadFile[],
  parse: (text: string, fileName: string) => R,
): R[] {
  const results: R[] = [];
  const problems: IngestError[] = [];
  for (const file of files) {
    try {
      results.push(parse(file.text, file.name));
    } catch (err) {
      if (!(err instanceof IngestError)) throw err;
      problems.push(
        ...('errors' in err && Array.isArray(err.errors) ? (err.errors as IngestError[]) : [err]),
      );
    }
  }
  throwIfAny(problems);
  return results;
}

/** The metadata of an upload: its file names as the title, the upload time. */
const NAME_TIME = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
});

/** The upload's readable name: its files and when it came, `shop-dump.yaml (Dec 3, 11:02 UTC)`; renamable. */
export function uploadName(meta: SourceMeta): string {
  const at = Date.parse(meta.capturedAt ?? '');
  return Number.isNaN(at) ? meta.title : `${meta.title} (${NAME_TIME.format(new Date(at))} UTC)`;
}

export function uploadMeta(files: readonly UploadFile[], now: Date = new Date()): SourceMeta {
  const names = files.map((f) => f.name);
  const title =
    names.length <= 3 ? names.join(', ') : `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`;
  return { kind: 'upload', title, capturedAt: now.toISOString() };
}
