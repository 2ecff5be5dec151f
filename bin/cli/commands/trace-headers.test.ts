import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../args';
import { parseHeaders } from './trace';

describe('trace --header', () => {
  it('collects repeated --header flags (both spellings) beside the other options', () => {
    const args = parseArgs(
      [
        'in.yaml',
        '--header',
        'X-Canary: true',
        '--to',
        'http://a/',
        '--header=User-Agent:  Mobile Safari ',
        '--method',
        'POST',
      ],
      {
        header: 'list',
        to: true,
        method: true,
      },
    );
    expect(parseHeaders(args.lists.get('header')!)).toEqual({
      'X-Canary': 'true',
      'User-Agent': 'Mobile Safari',
    });
    expect(args.positionals).toEqual(['in.yaml']);
    expect(args.flags.get('method')).toBe('POST');
  });

  it('rejects a header without a name or a colon, and a missing value', () => {
    expect(() => parseHeaders(['no colon'])).toThrow(UsageError);
    expect(() => parseHeaders([': v'])).toThrow(UsageError);
    expect(() => parseArgs(['--header'], { header: 'list' })).toThrow(UsageError);
  });
});
