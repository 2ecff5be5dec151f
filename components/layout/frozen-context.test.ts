import { describe, expect, it } from 'vitest';
import { frozenAtLabel, frozenShareOf, leaveFrozenHref } from './frozen-context';

const ID = 'AbCdEfGhIjKlMnOpQrStUv';

describe('frozenShareOf', () => {
  it('freezes a share link on its own snapshot', () => {
    expect(frozenShareOf(`/s/${ID}`, null)).toEqual({ shareId: ID, source: `share:${ID}` });
  });

  it('stays frozen on the pages reached from the link', () => {
    for (const path of ['/trace', '/reach', '/lint'])
      expect(frozenShareOf(path, `share:${ID}`)).toEqual({ shareId: ID, source: `share:${ID}` });
  });

  it('is not frozen on live, scenario, upload or malformed sources', () => {
    for (const source of [null, 'live', 'scenario:vxlan-mtu-blackhole', 'upload:abc', 'share:', 'share:a b'])
      expect(frozenShareOf('/trace', source)).toBeUndefined();
    expect(frozenShareOf('/snapshots', null)).toBeUndefined();
  });
});

describe('leaveFrozenHref', () => {
  it('opens the same view over the default source, dropping the frozen selections', () => {
    expect(leaveFrozenHref('/reach', 'live')).toBe('/reach?source=live');
    expect(leaveFrozenHref('/lint', 'scenario:calico-vxlan-healthy')).toBe(
      '/lint?source=scenario%3Acalico-vxlan-healthy',
    );
  });

  it('leaves a share link for the trace view', () => {
    expect(leaveFrozenHref(`/s/${ID}`, 'live')).toBe('/trace?source=live');
  });
});

describe('frozenAtLabel', () => {
  it('prints the UTC minute whatever the offset of the stored instant', () => {
    expect(frozenAtLabel('2026-12-02T07:02:41.512Z')).toBe('2026-12-02 07:02 UTC');
    expect(frozenAtLabel('2026-12-02T09:02:00+02:00')).toBe('2026-12-02 07:02 UTC');
  });
});
