// The short form of `npm run soak` (soak/load.ts): 50 clients on the trace API for 5 s
// with uploads in parallel. No trace and no upload fails (a full upload gate answers 429
// with Retry-After, which is back-pressure, not an error) and the server's RSS grows by a
// bounded amount. Speed is not asserted: bench/ measures it.

import { describe, expect, it } from 'vitest';
import { soak } from '../../soak/load';

const MiB = 1024 * 1024;

describe('load', () => {
  it('50 clients × 5 s with uploads in parallel: 0 errors, bounded RSS', async () => {
    const r = await soak({ connections: 50, seconds: 5, uploaders: 2 });
    expect(r.traces.requests).toBeGreaterThan(0);
    expect(r.traces.errors).toBe(0);
    expect(r.uploads.samples).toEqual([]);
    expect(r.uploads.errors).toBe(0);
    expect(r.uploads.created + r.uploads.busy).toBeGreaterThan(0);
    expect(r.rssAfterBytes - r.rssBeforeBytes).toBeLessThan(256 * MiB);
  }, 180_000);
});
