import { describe, expect, it } from 'vitest';
import { IngestError } from './errors';
import { parseText } from './parse';
import { modelOf, modelOfYaml, pod } from '../../test/fixtures/ingest/model';

describe('loadModel: input checks', () => {
  it('throws field errors located at the parsed file', () => {
    const objects = parseText(
      'kind: Namespace\nmetadata: {name: a}\n---\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 99999}]}\n',
      'svc.yaml',
    ).objects;
    expect(() => modelOf(objects)).toThrow(
      'svc.yaml: document 2: spec.ports[0].port: 99999 is out of range (1-65535)',
    );
  });

  it('locates errors of unparsed snapshots by object index', () => {
    let error: unknown;
    try {
      modelOf([pod('a'), pod('b', { spec: { containers: 'x' } })]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).message).toBe(
      'objects[1].spec.containers: expected a list, got a string ("x")',
    );
  });

  it('keeps the later of two definitions of one object, with a warning', () => {
    const m = modelOf([pod('a', {}, { labels: { v: '1' } }), pod('a', {}, { labels: { v: '2' } })]);
    expect(m.pods.get('default/a')!.labels).toEqual({ v: '2' });
    expect(m.warnings.filter((w) => w.code === 'DUPLICATE_OBJECT')).toHaveLength(1);
  });

  it('keeps raw objects by kind and lists ignored kinds', () => {
    const m = modelOfYaml(
      'kind: Secret\nmetadata: {name: s}\n---\nkind: IPPool\nmetadata: {name: p}\nspec: {cidr: 10.244.0.0/16}\n',
    );
    expect(m.objectsByKind.get('IPPool')).toHaveLength(1);
    expect(m.objectsByKind.get('Secret')).toHaveLength(1);
    expect(m.warnings.map((w) => w.code)).toEqual(['IGNORED_KIND']);
  });

  it('is deterministic whatever the input order', () => {
    const objs = [
      pod('b', { status: { podIP: '10.0.0.2' } }, { labels: { a: 'x' } }),
      pod('a', { status: { podIP: '10.0.0.1' } }, { labels: { a: 'x' } }),
    ];
    const one = modelOf(objs);
    const two = modelOf([...objs].reverse());
    expect([...one.pods.keys()]).toEqual([...two.pods.keys()]);
    expect(one.index.podsByLabel.get('a=x')!.map((p) => p.name)).toEqual(['a', 'b']);
  });
});
