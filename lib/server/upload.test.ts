// Large uploads: limits from the environment, gzip bodies and parts, and a body past the
// limit refused with 413 while it streams, without the server holding it in memory.
// Content-Encoding: https://www.rfc-editor.org/rfc/rfc9110#section-8.4 ; 413 Content Too
// Large: https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14

import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { parseByteSize, readUploadRequest, uploadLimits } from './upload';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** `total` bytes of YAML-looking text, produced chunk by chunk as the reader pulls. */
function streamOf(total: number, chunk = MiB): ReadableStream<Uint8Array> {
  const block = Buffer.alloc(chunk, '# padding line of a very large dump\n');
  let sent = 0;
  return new ReadableStream(
    {
      pull(controller) {
        if (sent >= total) return controller.close();
        const n = Math.min(chunk, total - sent);
        sent += n;
        controller.enqueue(new Uint8Array(block.buffer, block.byteOffset, n));
      },
    },
    { highWaterMark: 1 },
  );
}

function post(
  body: BodyInit | ReadableStream<Uint8Array>,
  headers: Record<string, string>,
  query = '',
): Request {
  return new Request(`http://localhost/api/sources${query}`, {
    method: 'POST',
    body,
    headers,
    duplex: 'half',
  } as RequestInit);
}

async function refusal(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (e instanceof ApiError) return e;
  throw new Error(`expected an ApiError, got ${String(e)}`);
}

describe('upload limits', () => {
  it('reads the limits from the environment, 1 GiB in total and 512 MiB per file by default', () => {
    // 512 MiB less 24 bytes: V8's longest string (one file is parsed as one string).
    expect(uploadLimits({})).toEqual({ maxTotalBytes: GiB, maxFileBytes: 0x1fffffe8, maxFiles: 100 });
    expect(
      uploadLimits({ PACKETPATH_UPLOAD_MAX_BYTES: '2GiB', PACKETPATH_UPLOAD_MAX_FILE_BYTES: '100M' }),
    ).toEqual({ maxTotalBytes: 2 * GiB, maxFileBytes: 100 * MiB, maxFiles: 100 });
    // One file is one string: never more than V8's longest.
    expect(
      uploadLimits({ PACKETPATH_UPLOAD_MAX_BYTES: '4G', PACKETPATH_UPLOAD_MAX_FILE_BYTES: '4G' })
        .maxFileBytes,
    ).toBe(0x1fffffe8);
    expect(parseByteSize('1073741824')).toBe(GiB);
    expect(parseByteSize('lots')).toBeUndefined();
  });

  it('reads a gzip-encoded raw body and gzip parts of a form', async () => {
    const yaml = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';
    const raw = await readUploadRequest(
      post(
        gzipSync(yaml),
        { 'content-type': 'application/yaml', 'content-encoding': 'gzip' },
        '?name=dump.yaml',
      ),
    );
    expect(raw).toEqual([{ name: 'dump.yaml', text: yaml }]);
    const form = new FormData();
    form.append(
      'a',
      new Blob([gzipSync(JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } }))]),
      'pods.json.gz',
    );
    form.append('b', new Blob([yaml]), 'ns.yaml');
    const files = await readUploadRequest(
      new Request('http://localhost/api/sources', { method: 'POST', body: form }),
    );
    expect(files.map((f) => f.name)).toEqual(['pods.json.gz', 'ns.yaml']);
    expect(JSON.parse(files[0]!.text).metadata.name).toBe('a');
  });

  it('refuses a body that says gzip but is not, and an unknown encoding', async () => {
    expect(
      (
        await refusal(
          readUploadRequest(
            post('kind: Namespace\n', { 'content-type': 'application/yaml', 'content-encoding': 'gzip' }),
          ),
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await refusal(
          readUploadRequest(
            post('kind: Namespace\n', { 'content-type': 'application/yaml', 'content-encoding': 'br' }),
          ),
        )
      ).status,
    ).toBe(415);
  });

  it('refuses a gzip bomb once it decompresses past the limit', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * MiB, 0x20));
    const limits = { maxTotalBytes: 8 * MiB, maxFileBytes: 8 * MiB, maxFiles: 100 };
    const e = await refusal(
      readUploadRequest(
        post(bomb, { 'content-type': 'application/yaml', 'content-encoding': 'gzip' }),
        limits,
      ),
    );
    expect(e.status).toBe(413);
  });

  it('answers 413 at once for a declared 1.5 GiB body, without reading it', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(MiB));
      },
    });
    const e = await refusal(
      readUploadRequest(
        post(body, { 'content-type': 'application/yaml', 'content-length': String(1.5 * GiB) }),
      ),
    );
    expect(e.status).toBe(413);
    expect(e.detail).toContain('1536.0 MiB');
    expect(pulled).toBeLessThan(4);
  });

  it('refuses a streamed 1.5 GiB body with 413 while memory stays bounded', async () => {
    // No Content-Length (chunked): the body streams to disk until it passes the 512 MiB
    // per-file limit. The test asserts the process grows by less than 192 MiB meanwhile.
    const start = process.memoryUsage().rss;
    let peak = start;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    try {
      const e = await refusal(
        readUploadRequest(post(streamOf(1.5 * GiB), { 'content-type': 'application/yaml' })),
      );
      expect(e.status).toBe(413);
      expect(e.detail).toContain('512.0 MiB');
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    expect((peak - start) / MiB).toBeLessThan(192);
  }, 120_000);
});
