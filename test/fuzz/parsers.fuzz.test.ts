// Endpoint and URL parsing, and the Calico selector parser, under arbitrary input: each
// either answers or throws its own typed error (EndpointError, CalicoSelectorError) with
// the input named, never anything else. Calico selectors also round-trip through the
// formatter (the grammar of https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#selectors).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEndpoint } from '../../lib/engine/trace/endpoint';
import { EndpointError } from '../../lib/engine/trace/errors';
import {
  calicoSelectorMatches,
  CalicoSelectorError,
  formatCalicoSelector,
  parseCalicoSelector,
} from '../../lib/model/calico-selector';
import { FUZZ_TIMEOUT, fuzzParams } from './fuzz-config';

const prefixes = ['', 'pod:', 'svc:', 'service:', 'node:', 'ip:', 'IP:', 'http://', 'https://', 'HTTP://'];
const endpointText = fc.oneof(
  fc
    .tuple(fc.constantFrom(...prefixes), fc.string({ unit: 'grapheme-ascii', maxLength: 60 }))
    .map(([p, s]) => p + s),
  fc.tuple(fc.constantFrom(...prefixes), fc.string({ unit: 'binary', maxLength: 40 })).map(([p, s]) => p + s),
  fc
    .tuple(fc.constantFrom('ip:', 'http://', ''), fc.ipV4(), fc.option(fc.integer({ min: -5, max: 70000 })))
    .map(([p, ip, port]) => `${p}${ip}${port === null ? '' : `:${port}`}`),
  fc
    .tuple(fc.constantFrom('ip:', 'ip:[', 'http://['), fc.ipV6())
    .map(([p, ip]) => `${p}${ip}${p.endsWith('[') ? ']' : ''}`),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
);

describe('fuzz: parsers', () => {
  it(
    'parseEndpoint answers or throws EndpointError naming the input',
    () => {
      fc.assert(
        fc.property(endpointText, (text) => {
          try {
            const e = parseEndpoint(text);
            expect(['pod', 'svc', 'node', 'ip', 'url']).toContain(e.type);
          } catch (err) {
            if (!(err instanceof EndpointError)) throw err;
            expect(err.endpoint).toBe(text.trim());
          }
        }),
        fuzzParams(200, 0.5),
      );
    },
    FUZZ_TIMEOUT,
  );

  it('rejects shorthand and hex IPv4 forms as outside addresses (ip:10.1, ip:0xa.0.0.1)', () => {
    for (const bad of ['ip:10.1', 'ip:0xa.0.0.1', 'ip:010.0.0.1', 'ip:10.0.0.256', 'ip:1e1.0.0.1'])
      expect(() => parseEndpoint(bad), bad).toThrow(EndpointError);
  });

  const tokens = [
    'app',
    'tier',
    'a.b/c-d',
    '==',
    '!=',
    "'x'",
    '"y"',
    "'",
    '&&',
    '||',
    '!',
    '(',
    ')',
    'has(',
    'in',
    'not in',
    '{',
    '}',
    ',',
    'all()',
    'global()',
    'contains',
    'starts with',
    'ends with',
    ' ',
    '\t',
    '\\',
    '\u0000',
    'é',
  ];
  const selectorText = fc.oneof(
    fc.array(fc.constantFrom(...tokens), { maxLength: 24 }).map((t) => t.join(' ')),
    fc.array(fc.constantFrom(...tokens), { maxLength: 24 }).map((t) => t.join('')),
    fc.string({ maxLength: 80 }),
  );
  const labels = fc.dictionary(
    fc.constantFrom('app', 'tier', 'a.b/c-d', 'x'),
    fc.constantFrom('x', 'y', ''),
    {
      maxKeys: 4,
    },
  );

  it(
    'parseCalicoSelector answers or throws CalicoSelectorError; what parses round-trips and matches without throwing',
    () => {
      fc.assert(
        fc.property(selectorText, labels, (text, l) => {
          let sel;
          try {
            sel = parseCalicoSelector(text);
          } catch (err) {
            if (!(err instanceof CalicoSelectorError)) throw err;
            expect(err.selector).toBe(text);
            expect(err.position).toBeGreaterThanOrEqual(0);
            expect(err.position).toBeLessThanOrEqual(text.length);
            return;
          }
          expect(parseCalicoSelector(formatCalicoSelector(sel))).toEqual(sel);
          expect(typeof calicoSelectorMatches(sel, l)).toBe('boolean');
        }),
        fuzzParams(200, 0.5),
      );
    },
    FUZZ_TIMEOUT,
  );
});
