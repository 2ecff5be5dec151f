import { describe, expect, it } from 'vitest';
import { closestNames } from './did-you-mean';

describe('closestNames', () => {
  it('ranks containment first, then edit distance (Levenshtein), ties by name', () => {
    const pods = ['shop/web-1', 'shop/web-2', 'shop/db-0', 'kube-system/coredns-x'];
    expect(closestNames('web', pods, { key: (c) => c.slice(c.indexOf('/') + 1) })).toEqual([
      'shop/web-1',
      'shop/web-2',
    ]);
    expect(closestNames('db-1', pods, { key: (c) => c.slice(c.indexOf('/') + 1) })[0]).toBe('shop/db-0');
    expect(closestNames('zzzzzz', pods)).toEqual([]);
  });
});
