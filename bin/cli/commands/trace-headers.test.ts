import { describe, expect, it } from 'vitest';
import { UsageError } from '../args';
import { takeHeaders } from './trace';

describe('trace --header', () => {
  it('collects repeated --header flags (both spellings) and leaves the rest for the parser', () => {
    const { headers, rest } = takeHeaders(['in.yaml', '--header', 'X-Canary: true', '--to', 'http://a/', '--header=User-Agent:  Mobile Safari ', '--method', 'POST']);
    expect(headers).toEqual({ 'X-Canary': 'true', 'User-Agent': 'Mobile Safari' });
    expect(rest).toEqual(['in.yaml', '--to', 'http://a/', '--method', 'POST']);
  });

  it('rejects a header without a name or a colon, and a missing value', () => {
    expect(() => takeHeaders(['--header', 'no colon'])).toThrow(UsageError);
    expect(() => takeHeaders(['--header', ': v'])).toThrow(UsageError);
    expect(() => takeHeaders(['--header'])).toThrow(/needs a value/);
  });
});
