import { describe, expect, it } from 'vitest';
import {
  decodeTraceQuery,
  encodeTraceQuery,
  parseTraceQuery,
  queryHref,
  traceQueryParamsSchema,
  traceQuerySchema,
  type TraceQuery,
} from './trace-query';

const full: TraceQuery = {
  from: 'pod:shop/web-1',
  to: 'http://shop.example/cart?x=1&y=2',
  port: 8443,
  protocol: 'SCTP',
  size: 1400,
  method: 'POST',
  headers: { 'X-Canary': 'true', Cookie: 'a=b; c=d' },
  ipblockPods: 'outside',
};

describe('trace query URL codec', () => {
  it('reads back what it writes, every field included', () => {
    expect(decodeTraceQuery(encodeTraceQuery(full))).toEqual({ ok: true, value: full });
    const minimal = { from: 'node:worker-1', to: 'ip:10.0.0.1' };
    expect(decodeTraceQuery(encodeTraceQuery(minimal))).toEqual({ ok: true, value: minimal });
  });

  it('writes trace, tour and what-if links through one function', () => {
    const href = queryHref('/trace', 'scenario:mtu', full, { hop: 'h4', step: undefined });
    const url = new URL(href, 'http://x');
    expect(url.pathname).toBe('/trace');
    expect(url.searchParams.get('source')).toBe('scenario:mtu');
    expect(url.searchParams.get('hop')).toBe('h4');
    expect(url.searchParams.has('step')).toBe(false);
    expect(url.searchParams.get('ipblockPods')).toBe('outside');
    expect(url.searchParams.getAll('header')).toEqual(['X-Canary: true', 'Cookie: a=b; c=d']);
    expect(decodeTraceQuery(url.searchParams)).toEqual({ ok: true, value: full });
    expect(queryHref('/tour', 'live')).toBe('/tour?source=live');
  });

  it('reads Next-style search records: first value of a field, every header, empty means absent', () => {
    expect(
      decodeTraceQuery({
        from: ['pod:a/b', 'pod:a/ignored'],
        to: 'svc:a/c',
        port: '',
        protocol: 'udp',
        header: ['A: 1', 'B: 2\nC: 3', ''],
      }),
    ).toEqual({
      ok: true,
      value: { from: 'pod:a/b', to: 'svc:a/c', protocol: 'UDP', headers: { A: '1', B: '2', C: '3' } },
    });
  });

  it('reports every bad field with its name, not only the first', () => {
    const result = decodeTraceQuery(
      new URLSearchParams([
        ['to', 'svc:a/c'],
        ['port', '0'],
        ['protocol', 'FOO'],
        ['size', 'big'],
        ['method', 'GE T'],
        ['header', 'no colon'],
        ['ipblockPods', 'sometimes'],
      ]),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.field)).toEqual([
      'from',
      'port',
      'protocol',
      'size',
      'method',
      'ipblockPods',
      'header',
    ]);
    expect(result.problems).toContainEqual({
      field: 'protocol',
      message: 'must be one of SCTP, TCP, UDP (not "FOO")',
    });
    expect(result.problems).toContainEqual({
      field: 'port',
      message: 'must be a whole number from 1 to 65535',
    });
    expect(result.problems).toContainEqual({ field: 'header', message: `"no colon" is not 'Name: value'` });
  });

  it('refuses protocols outside the one list, and port numbers with signs, fractions or exponents', () => {
    for (const protocol of ['FOO', 'ICMP', 'tcp6', ' '])
      expect(traceQueryParamsSchema.safeParse({ from: 'a', to: 'b', protocol }).success).toBe(false);
    for (const port of ['+80', '80.0', '8e1', '-1', '65536'])
      expect(traceQueryParamsSchema.safeParse({ from: 'a', to: 'b', port }).success).toBe(false);
  });
});

describe('trace query JSON spelling', () => {
  it('takes numbers as numbers and headers as an object, and drops absent members', () => {
    expect(
      parseTraceQuery({ from: ' pod:a/b ', to: 'svc:a/c', port: 80, size: '1500', headers: {} }),
    ).toEqual({
      ok: true,
      value: { from: 'pod:a/b', to: 'svc:a/c', port: 80, size: 1500 },
    });
  });

  it('names the bad member of a JSON body', () => {
    const result = parseTraceQuery({ from: 'pod:a/b', to: 7, port: 1.5, headers: { 'bad name': 'x' } });
    expect(result.ok ? [] : result.problems.map((p) => p.field)).toEqual(['to', 'port', 'headers.bad name']);
    expect(traceQuerySchema.safeParse({ from: 'a' }).success).toBe(false);
  });
});
