import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { IngestError } from '../ingest/errors';
import { ApiError } from './errors';
import { userError, withErrors } from './http';

const answer = async (err: unknown) => {
  const res = await withErrors(async () => {
    throw err;
  })(new Request('http://x/api/test'));
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('withErrors', () => {
  it('answers an IngestError with 400 naming file, document and field', async () => {
    const { status, body } = await answer(
      new IngestError({
        code: 'INVALID_FIELD',
        reason: 'expected a map',
        file: 'a.yaml',
        doc: 1,
        field: 'spec.podSelector',
      }),
    );
    expect(status).toBe(400);
    expect(body).toMatchObject({
      error: 'invalid input',
      file: 'a.yaml',
      document: 2,
      field: 'spec.podSelector',
    });
  });

  it('answers an oversized input with 413', async () => {
    expect(
      (await answer(new IngestError({ code: 'TOO_LARGE', reason: 'over 5 MiB', file: 'big.yaml' }))).status,
    ).toBe(413);
  });

  it('answers a schema failure (zod) with 400 naming the field', async () => {
    const parsed = z.object({ query: z.object({ from: z.string() }) }).safeParse({ query: {} });
    expect(parsed.success).toBe(false);
    const { status, body } = await answer(parsed.error);
    expect(status).toBe(400);
    expect(body.error).toBe('invalid input');
    expect(body.detail).toMatch(/^query\.from: /);
    expect(userError(parsed.error)).toMatchObject({ status: 400 });
  });

  it('keeps the status of an ApiError', async () => {
    expect((await answer(new ApiError(404, 'unknown share', 'x'))).status).toBe(404);
  });

  it('answers anything else with 500 and no internals', async () => {
    const { status, body } = await answer(
      new TypeError('Cannot read properties of undefined (reading "secret")'),
    );
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('secret');
    expect(body).toEqual({ error: 'internal error', detail: 'the server could not answer this request' });
    expect(userError(new TypeError('x'))).toBeUndefined();
  });
});
