import { describe, expect, it } from 'vitest';
import { scenarioSlugOf, sourceId, splitSourceId } from './source-id';

describe('source ids', () => {
  it('are made and split by one grammar', () => {
    expect(sourceId('upload', 'sha256-abc')).toBe('upload:sha256-abc');
    expect(sourceId('live')).toBe('live');
    expect(splitSourceId('snapshot:x.y_z~1')).toEqual({ prefix: 'snapshot', rest: 'x.y_z~1' });
    expect(splitSourceId('live')).toEqual({ prefix: 'live', rest: '' });
  });

  it.each(['', 'Upload:x', 'upload:', 'upload:a/b', '../etc', 'upload:a b', `upload:${'a'.repeat(201)}`])(
    'refuses %j',
    (id) => {
      expect(splitSourceId(id)).toBeUndefined();
    },
  );

  it('reads a scenario slug only from a scenario id', () => {
    expect(scenarioSlugOf('scenario:mtu')).toBe('mtu');
    expect(scenarioSlugOf('upload:mtu')).toBeUndefined();
    expect(scenarioSlugOf('scenario:')).toBeUndefined();
  });
});
