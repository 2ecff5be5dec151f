import { describe, expect, it } from 'vitest';
import { buildModel, node } from '../trace/testing/model';
import { UNDERLAY_MTU_ANNOTATION, underlayMTU } from './mtu';

const annotated = (mtu: string) =>
  node('worker-1', '10.0.0.11', { annotations: { [UNDERLAY_MTU_ANNOTATION]: mtu } });

describe('underlayMTU', () => {
  it('assumes 1500 when nothing states it', () => {
    const m = buildModel({ nodes: [node('worker-1', '10.0.0.11')], settings: {} });
    expect(underlayMTU(m, 'worker-1')).toMatchObject({ value: 1500, assumed: true });
  });

  it('reads the node annotation before the cluster-wide setting, with the node as evidence', () => {
    const m = buildModel({ nodes: [annotated('9000')], settings: { underlayMTU: 1500 } });
    const u = underlayMTU(m, 'worker-1');
    expect(u).toMatchObject({ value: 9000, assumed: false });
    expect(u.evidence).toEqual([
      {
        kind: 'Node',
        name: 'worker-1',
        field: `metadata.annotations.${UNDERLAY_MTU_ANNOTATION}`,
        value: '9000',
      },
    ]);
  });

  it('lets the per-node snapshot setting override the annotation', () => {
    const m = buildModel({ nodes: [annotated('9000')], settings: { nodeUnderlayMTU: { 'worker-1': 1400 } } });
    expect(underlayMTU(m, 'worker-1').value).toBe(1400);
  });

  it('ignores an annotation that is not a plausible MTU', () => {
    for (const bad of ['jumbo', '100', '70000', '']) {
      const m = buildModel({ nodes: [annotated(bad)], settings: { underlayMTU: 1450 } });
      expect(underlayMTU(m, 'worker-1')).toMatchObject({ value: 1450, assumed: false });
    }
  });
});
