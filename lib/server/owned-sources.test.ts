// The owner cookie: only well-formed upload/snapshot content addresses survive parsing
// (a forged value cannot smuggle other text into the listing), the newest first, bounded.

import { describe, expect, it } from 'vitest';
import { OWNED_MAX, ownedCookie, parseOwned, visibleTo, withOwned } from './owned-sources';

const hex = (n: number) => n.toString(16).padStart(64, '0');

describe('owned sources', () => {
  it('keeps the newest ids first, without duplicates, at most OWNED_MAX', () => {
    let v: string | undefined;
    for (let i = 0; i < OWNED_MAX + 10; i++) v = withOwned(v, `upload:${hex(i)}`);
    v = withOwned(v, `upload:${hex(OWNED_MAX + 5)}`);
    const ids = parseOwned(v);
    expect(ids).toHaveLength(OWNED_MAX);
    expect(ids[0]).toBe(`upload:${hex(OWNED_MAX + 5)}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(v!.length).toBeLessThan(4000);
  });

  it('drops anything that is not an upload or snapshot content address', () => {
    expect(
      parseOwned(
        `upload-${hex(1)}.share-${hex(2)}.scenario-x.upload-abc.upload-${'AB'.padStart(64, '0')}.snapshot-${hex(4)}.<script>`,
      ),
    ).toEqual([`upload:${hex(1)}`, `snapshot:${hex(4)}`]);
    expect(parseOwned(undefined)).toEqual([]);
  });

  it('lists built-ins and live to everyone, uploads and snapshots to their owner only', () => {
    const entries = [
      { id: 'scenario:a', kind: 'scenario' },
      { id: 'live', kind: 'live' },
      { id: `upload:${hex(1)}`, kind: 'upload' },
      { id: `snapshot:${hex(2)}`, kind: 'snapshot' },
    ];
    expect(visibleTo(entries, new Set()).map((e) => e.id)).toEqual(['scenario:a', 'live']);
    expect(visibleTo(entries, new Set([`upload:${hex(1)}`])).map((e) => e.id)).toEqual([
      'scenario:a',
      'live',
      `upload:${hex(1)}`,
    ]);
  });

  it('sets an HttpOnly, SameSite=Lax cookie, Secure over HTTPS, keeping earlier ids', () => {
    const req = new Request('https://dash/api/sources', {
      headers: { cookie: `a=b; packetpath_owned=upload-${hex(1)}` },
    });
    const c = ownedCookie(req, 'snapshot', hex(2));
    expect(c).toBe(
      `packetpath_owned=snapshot-${hex(2)}.upload-${hex(1)}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax; Secure`,
    );
  });
});
