// Reads INPUT paths (files, and directories recursively: *.yaml, *.yml, *.json, and the
// same gzip-compressed: *.yaml.gz, *.yml.gz, *.json.gz)
// in a deterministic order and turns them into one validated Snapshot. The only
// place in lib (besides lib/ingest/live) that touches the file system.

import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { ClusterSettings, IngestWarning, Snapshot } from '../model/types';
import { decodeUtf8 } from './utf8';
import { IngestError, IngestErrors, throwIfAny } from './errors';
import { parseText, type ParseLimits, type ParseResult } from './parse';
import { snapshotFromObjects } from './build-snapshot';
import { maxObjectsFrom } from './limits';

export interface ReadInputsOptions extends ParseLimits {
  /**
   * Largest file read, in bytes, after decompression for `.gz` files (default 512 MiB:
   * one file becomes one string, and V8 strings stop just above 512 MiB).
   */
  readonly maxFileBytes?: number;
  /** Settings that override those in snapshot files (e.g. `--underlay-mtu`). */
  readonly settings?: ClusterSettings;
}

export const DEFAULT_MAX_FILE_BYTES = 512 * 1024 * 1024;
const INPUT_FILE = /\.(ya?ml|json)(\.gz)?$/i;
const GZIP_FILE = /\.gz$/i;
const gunzipAsync = promisify(gunzip);

/**
 * Reads files and directories into one Snapshot. Throws `IngestError` /
 * `IngestErrors` for a missing or unreadable path, a file over the size cap, bad
 * syntax or bad fields, with every problem of every file collected. Files inside
 * directories are read in byte-wise sorted path order; a path named twice is read once.
 */
export async function readInputs(
  paths: readonly string[],
  options: ReadInputsOptions = {},
): Promise<{ snapshot: Snapshot; warnings: IngestWarning[] }> {
  if (paths.length === 0) throw new IngestError({ code: 'NO_INPUT', reason: 'no input path given' });
  const errors: IngestError[] = [];
  const files: string[] = [];
  const seen = new Set<string>();
  for (const path of paths) {
    try {
      await collect(path, true, files, seen);
    } catch (e) {
      errors.push(toIngestError(e, path));
    }
  }
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const maxObjects = options.maxObjects ?? maxObjectsFrom();
  let objects = 0;
  const parsed: ParseResult[] = [];
  for (const file of files) {
    // The object limit holds for all files together (snapshotFromObjects says so): no
    // file is read once it is passed.
    if (objects > maxObjects) break;
    try {
      const info = await stat(file);
      if (info.size > maxBytes) {
        throw new IngestError({
          code: 'TOO_LARGE',
          file,
          reason: `file of ${info.size} bytes is more than the limit of ${maxBytes}`,
        });
      }
      const result = parseText(await readText(file, maxBytes), file, { ...options, maxObjects });
      parsed.push(result);
      objects += result.objects.length;
    } catch (e) {
      if (e instanceof IngestErrors) errors.push(...e.errors);
      else errors.push(toIngestError(e, file));
    }
  }
  throwIfAny(errors);
  const title = paths.join(', ');
  return snapshotFromObjects(
    parsed,
    { kind: 'files', title },
    {
      maxObjects,
      ...(options.settings ? { settings: options.settings } : {}),
    },
  );
}

/** The file's text; a `.gz` file is decompressed, refused once it passes `maxBytes`. */
async function readText(file: string, maxBytes: number): Promise<string> {
  if (!GZIP_FILE.test(file)) return decodeUtf8(await readFile(file), file);
  let text: Buffer;
  try {
    text = await gunzipAsync(await readFile(file), { maxOutputLength: maxBytes });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      throw new IngestError({
        code: 'TOO_LARGE',
        file,
        reason: `decompresses to more than the limit of ${maxBytes} bytes`,
      });
    }
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') {
      throw new IngestError({
        code: 'UNREADABLE',
        file,
        reason: `not a valid gzip file (${(e as Error).message})`,
      });
    }
    throw e;
  }
  return decodeUtf8(text, file);
}

async function collect(path: string, explicit: boolean, out: string[], seen: Set<string>): Promise<void> {
  const info = await stat(path);
  const real = await realpath(path);
  if (seen.has(real)) return; // named twice, or a symlink loop
  seen.add(real);
  if (info.isDirectory()) {
    const names = (await readdir(path)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const name of names) await collect(join(path, name), false, out, seen);
    return;
  }
  // A file named on the command line is read whatever its extension.
  if (info.isFile() && (explicit || INPUT_FILE.test(path))) out.push(path);
}

function toIngestError(e: unknown, file: string): IngestError {
  if (e instanceof IngestError) return e;
  const code = (e as { code?: string } | null)?.code;
  if (code === 'ENOENT')
    return new IngestError({ code: 'NOT_FOUND', file, reason: 'no such file or directory' });
  if (code === 'EACCES' || code === 'EPERM')
    return new IngestError({ code: 'UNREADABLE', file, reason: 'permission denied' });
  if (code === 'EISDIR') return new IngestError({ code: 'UNREADABLE', file, reason: 'is a directory' });
  return new IngestError({ code: 'UNREADABLE', file, reason: e instanceof Error ? e.message : String(e) });
}
