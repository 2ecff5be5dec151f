import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../args';
import { traceQueryOfArgs } from './trace';

const SPEC = {
  from: true,
  to: true,
  port: true,
  protocol: true,
  size: true,
  header: 'list',
  method: true,
  'ipblock-pods': true,
} as const;
const queryOf = (argv: string[]) => traceQueryOfArgs(parseArgs(argv, SPEC));

describe('trace flags through the trace-query schema', () => {
  it('collects repeated --header flags (both spellings) beside the other options', () => {
    const args = parseArgs(
      [
        'in.yaml',
        '--from',
        'pod:a/b',
        '--header',
        'X-Canary: true',
        '--to',
        'http://a/',
        '--header=User-Agent:  Mobile Safari ',
        '--method',
        'post',
      ],
      SPEC,
    );
    expect(traceQueryOfArgs(args)).toEqual({
      from: 'pod:a/b',
      to: 'http://a/',
      method: 'POST',
      headers: { 'X-Canary': 'true', 'User-Agent': 'Mobile Safari' },
    });
    expect(args.positionals).toEqual(['in.yaml']);
  });

  it('rejects a header without a name or a colon, and a missing value', () => {
    const base = ['--from', 'pod:a/b', '--to', 'pod:a/c'];
    expect(() => queryOf([...base, '--header', 'no colon'])).toThrow(
      /--header "no colon" is not 'Name: value'/,
    );
    expect(() => queryOf([...base, '--header', ': v'])).toThrow(UsageError);
    expect(() => parseArgs(['--header'], { header: 'list' })).toThrow(UsageError);
  });

  it('names every bad flag in one usage error, with the CLI spelling of each', () => {
    expect(() =>
      queryOf(['--to', 'pod:a/c', '--port', '99999', '--protocol', 'FOO', '--ipblock-pods', 'sometimes']),
    ).toThrow(
      '--from is required (pod:NS/NAME, svc:NS/NAME, deploy:NS/NAME, sts:, ds:, rs:, job:, node:NAME, ip:ADDRESS or a URL); ' +
        '--port must be a whole number from 1 to 65535; --protocol must be one of SCTP, TCP, UDP (not "FOO"); ' +
        '--ipblock-pods must be one of match, outside',
    );
  });
});
