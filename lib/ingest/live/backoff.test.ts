import { describe, expect, it } from 'vitest';
import { Backoff, sleep } from './backoff';

describe('Backoff', () => {
  it('doubles up to the cap, with jitter in [50 %, 100 %) of the step', () => {
    const low = new Backoff({ initialMs: 100, maxMs: 1000 }, () => 0);
    expect([1, 2, 3, 4, 5, 6].map(() => low.next())).toEqual([50, 100, 200, 400, 500, 500]);
    const high = new Backoff({ initialMs: 100, maxMs: 1000 }, () => 0.999);
    expect([1, 2, 3, 4, 5].map(() => high.next())).toEqual([100, 200, 400, 800, 1000]);
  });

  it('starts over after reset', () => {
    const b = new Backoff({ initialMs: 10, maxMs: 1000 }, () => 0);
    b.next();
    b.next();
    b.reset();
    expect(b.next()).toBe(5);
  });

  it('sleep wakes early on abort', async () => {
    const ac = new AbortController();
    const t = Date.now();
    const p = sleep(10_000, ac.signal);
    ac.abort();
    await p;
    expect(Date.now() - t).toBeLessThan(1000);
  });
});
