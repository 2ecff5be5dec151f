import { describe, expect, it } from 'vitest';
import { decodeChanges, encodeChanges, MAX_CHANGES_PARAM } from './changes-param';

const changes = {
  apply: [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-dns', namespace: 'shop' },
      spec: { podSelector: {} },
    },
  ],
  delete: [{ kind: 'NetworkPolicy', namespace: 'shop', name: 'default-deny-all' }],
};

describe('changes parameter', () => {
  it('round-trips through a URL-safe string', () => {
    const param = encodeChanges(changes);
    expect(param).toMatch(/^[A-Za-z0-9+\-$]+$/);
    expect(decodeChanges(new URLSearchParams(`changes=${param}`).get('changes')!)).toEqual(changes);
  });

  it('refuses what it did not write: garbage, wrong shapes, oversized', () => {
    expect(decodeChanges(undefined)).toBeUndefined();
    expect(decodeChanges('not-lz')).toBeUndefined();
    expect(decodeChanges(encodeChanges({ apply: [{ kind: 1 } as never], delete: [] }))).toBeUndefined();
    expect(decodeChanges('A'.repeat(MAX_CHANGES_PARAM + 1))).toBeUndefined();
  });
});
