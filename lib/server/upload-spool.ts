// Receiving a large upload without holding it in memory: the body streams to a temporary
// file (gunzipped on the way when the request says `Content-Encoding: gzip`), counting
// bytes, and the reading stops with a 413 the moment the count passes the limit, so a
// body of any size costs at most one chunk of memory while it arrives. Only a complete,
// accepted body is read back for parsing.

import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { ApiError } from './errors';

export interface Spooled {
  readonly path: string;
  /** Bytes written (after decompression). */
  readonly bytes: number;
  /** Removes the file and its directory. */
  dispose(): Promise<void>;
}

class ByteLimit extends Transform {
  bytes = 0;
  constructor(
    private readonly limit: number,
    private readonly tooLarge: () => ApiError,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.byteLength;
    if (this.bytes > this.limit) return done(this.tooLarge());
    done(null, chunk);
  }
}

/**
 * Streams `body` into a temporary file, refusing (ApiError from `tooLarge`) once more than
 * `limit` bytes have arrived (counted after gunzip when `gzip`). A body that is not valid
 * gzip is a 400. The caller disposes of the file.
 */
export async function spoolBody(
  body: ReadableStream<Uint8Array> | null,
  o: { limit: number; gzip: boolean; tooLarge: () => ApiError },
): Promise<Spooled> {
  // mkdtemp makes the directory 0700; the body file is 0600: an upload is readable by us only.
  const dir = await mkdtemp(join(tmpdir(), 'packetpath-upload-'));
  const path = join(dir, 'body');
  const dispose = () => rm(dir, { recursive: true, force: true });
  const counter = new ByteLimit(o.limit, o.tooLarge);
  const source = body
    ? Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>)
    : Readable.from([]);
  try {
    if (o.gzip) await pipeline(source, createGunzip(), counter, createWriteStream(path, { mode: 0o600 }));
    else await pipeline(source, counter, createWriteStream(path, { mode: 0o600 }));
  } catch (e) {
    await dispose();
    if (e instanceof ApiError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR')
      throw new ApiError(
        400,
        'malformed upload',
        'the body says Content-Encoding: gzip but is not valid gzip',
      );
    throw e;
  }
  return { path, bytes: counter.bytes, dispose };
}
