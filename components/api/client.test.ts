import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiProblem, deleteSnapshot, getEndpoints, postShare, uploadSources } from './client';

const answer = (status: number, body?: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

afterEach(() => vi.unstubAllGlobals());

describe('API client', () => {
  it('sends JSON bodies and returns the answer', async () => {
    const fetch = vi.fn(async () => answer(201, { id: 'abc', url: '/s/abc', removed: [] }));
    vi.stubGlobal('fetch', fetch);
    await expect(
      postShare({ source: 'scenario:x', query: { from: 'pod:a/b', to: 'svc:a/c' } }),
    ).resolves.toEqual({ id: 'abc', url: '/s/abc', removed: [] });
    const [path, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe('/api/shares');
    expect(init.method).toBe('POST');
    expect(init.headers).toEqual({ 'content-type': 'application/json' });
    expect(JSON.parse(String(init.body))).toMatchObject({ source: 'scenario:x' });
  });

  it("turns a 4xx into an ApiProblem carrying the server's error, detail and problems", async () => {
    const body = {
      error: 'invalid query',
      detail: 'port: must be a whole number from 1 to 65535; protocol: must be one of SCTP, TCP, UDP',
      problems: [
        { field: 'port', message: 'must be a whole number from 1 to 65535' },
        { field: 'protocol', message: 'must be one of SCTP, TCP, UDP' },
      ],
    };
    vi.stubGlobal('fetch', async () => answer(400, body));
    const error = await getEndpoints({ source: 'live', q: 'x', limit: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiProblem);
    expect((error as ApiProblem).status).toBe(400);
    expect((error as ApiProblem).body).toEqual(body);
    expect((error as ApiProblem).message).toBe(body.detail);
  });

  it('says the server could not be reached when the request fails', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(getEndpoints({ source: 'live', q: '', limit: 5 })).rejects.toMatchObject({
      status: 0,
      body: { error: 'no answer', detail: 'the server could not be reached' },
    });
  });

  it('deletes with 204, and counts an already-deleted entry (404) as gone', async () => {
    vi.stubGlobal('fetch', async () => answer(204));
    await expect(deleteSnapshot('a'.repeat(64), 'upload')).resolves.toBe(true);
    vi.stubGlobal('fetch', async () => answer(404, { error: 'unknown snapshot', detail: 'x' }));
    await expect(deleteSnapshot('a'.repeat(64), 'snapshot')).resolves.toBe(false);
    vi.stubGlobal('fetch', async () => answer(503, { error: 'store unavailable', detail: 'y' }));
    await expect(deleteSnapshot('a'.repeat(64), 'snapshot')).rejects.toBeInstanceOf(ApiProblem);
  });

  it('uploads files as multipart form data, leaving the content type to the browser', async () => {
    const fetch = vi.fn(async () => answer(201, { id: 'upload:1', title: 't', objectCount: 2, removed: [] }));
    vi.stubGlobal('fetch', fetch);
    await uploadSources([new File(['kind: List'], 'dump.yaml')]);
    const init = (fetch.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect(init.body).toBeInstanceOf(FormData);
    expect((init.body as FormData).getAll('files').map((f) => (f as File).name)).toEqual(['dump.yaml']);
    expect(init.headers).toBeUndefined();
  });
});

describe('components call the API only through this client', () => {
  it('no component module calls fetch itself', () => {
    const root = join(import.meta.dirname, '..');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, e.name);
        if (e.isDirectory()) walk(path);
        else if (
          /\.tsx?$/.test(e.name) &&
          !e.name.endsWith('.test.ts') &&
          path !== join(import.meta.dirname, 'client.ts')
        )
          if (/\bfetch\(/.test(readFileSync(path, 'utf8'))) offenders.push(relative(root, path));
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});
