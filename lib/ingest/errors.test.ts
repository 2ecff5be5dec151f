import { describe, expect, it } from 'vitest';
import { formatIngestError, IngestError, IngestErrors, throwIfAny } from './errors';

describe('IngestError', () => {
  it('reads file: document N (1-based): field: reason', () => {
    const e = new IngestError({
      code: 'INVALID_FIELD',
      file: 'manifests/bad.yaml',
      doc: 1,
      field: 'spec.podSelector.matchLabels',
      reason: 'expected a map of string to string, got a list',
    });
    expect(e.message).toBe(
      'manifests/bad.yaml: document 2: spec.podSelector.matchLabels: expected a map of string to string, got a list',
    );
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('IngestError');
    expect(e.doc).toBe(1);
  });

  it('joins the item path and the field', () => {
    expect(
      formatIngestError({
        code: 'INVALID_FIELD',
        file: 'l.yaml',
        doc: 0,
        path: 'items[3]',
        field: 'spec.ports[0].port',
        reason: 'r',
      }),
    ).toBe('l.yaml: document 1: items[3].spec.ports[0].port: r');
  });

  it('prints line and column for syntax errors', () => {
    expect(
      formatIngestError({ code: 'MALFORMED_YAML', file: 'a.yaml', doc: 2, line: 7, col: 3, reason: 'bad' }),
    ).toBe('a.yaml: document 3: line 7, column 3: bad');
  });

  it('serializes to plain data', () => {
    const e = new IngestError({ code: 'NOT_FOUND', file: 'x', reason: 'no such file or directory' });
    expect(JSON.parse(JSON.stringify(e))).toMatchObject({
      code: 'NOT_FOUND',
      file: 'x',
      message: 'x: no such file or directory',
    });
  });
});

describe('IngestErrors', () => {
  const a = new IngestError({ code: 'INVALID_FIELD', file: 'a', reason: 'one' });
  const b = new IngestError({ code: 'MISSING_FIELD', file: 'b', reason: 'two' });

  it('is an IngestError listing every problem, one per line', () => {
    const all = new IngestErrors([a, b]);
    expect(all).toBeInstanceOf(IngestError);
    expect(all.code).toBe('INVALID_FIELD');
    expect(all.message).toBe('a: one\nb: two');
    expect(all.errors).toEqual([a, b]);
  });

  it('throwIfAny throws one error as itself and several as IngestErrors', () => {
    expect(() => throwIfAny([])).not.toThrow();
    expect(() => throwIfAny([a])).toThrow(a);
    expect(() => throwIfAny([a, b])).toThrow(IngestErrors);
  });
});
