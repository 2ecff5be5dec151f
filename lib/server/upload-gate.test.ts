// Uploads past the server's capacity are refused with 429 and Retry-After instead of being
// read into memory alongside the ones in progress. 429: RFC 6585 §4
// (https://www.rfc-editor.org/rfc/rfc6585#section-4); Retry-After: RFC 9110 §10.2.3.

import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { errorResponse } from './http';
import { Gate } from './upload-gate';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('upload gate', () => {
  it('runs one at a time, queues up to the bound, refuses the rest with 429 and Retry-After', async () => {
    const gate = new Gate(1, 1, 7);
    const first = deferred();
    const order: string[] = [];
    const a = gate.run(async () => {
      order.push('a start');
      await first.promise;
      order.push('a end');
    });
    const b = gate.run(async () => {
      order.push('b');
    });
    expect(gate.active).toBe(1);
    expect(gate.waiting).toBe(1);
    const refused = await gate
      .run(async () => 'c')
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(refused).toBeInstanceOf(ApiError);
    const res = errorResponse(refused);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(((await res.json()) as { error: string }).error).toBe('busy');
    first.resolve();
    await Promise.all([a, b]);
    expect(order).toEqual(['a start', 'a end', 'b']);
    expect(gate.active).toBe(0);
    // A failed upload frees its place too.
    await expect(
      gate.run(async () => {
        throw new Error('bad dump');
      }),
    ).rejects.toThrow('bad dump');
    expect(gate.active).toBe(0);
    expect(await gate.run(async () => 'ok')).toBe('ok');
  });
});
