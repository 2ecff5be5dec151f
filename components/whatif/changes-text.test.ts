import { describe, expect, it } from 'vitest';
import { objectsToText, parseChangesText, serverProblems } from './changes-text';

const policy = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'a', namespace: 'shop' },
  spec: { podSelector: { matchLabels: { app: 'x' } } },
};

describe('the what-if editor text', () => {
  it('round-trips objects as YAML documents', () => {
    const text = objectsToText([policy, { ...policy, metadata: { name: 'b', namespace: 'shop' } }]);
    expect(text).toContain('---\n');
    expect(parseChangesText(text).objects).toEqual([
      policy,
      { ...policy, metadata: { name: 'b', namespace: 'shop' } },
    ]);
  });

  it('marks syntax errors, duplicate keys and documents that are not objects, with ranges', () => {
    const { objects, problems } = parseChangesText('kind: [\n---\n- a\n---\nkind: X\nkind: Y\n');
    expect(objects).toEqual([]);
    expect(problems.length).toBeGreaterThanOrEqual(3);
    for (const p of problems) expect(p.to).toBeGreaterThanOrEqual(p.from);
  });

  it('places a server field error on the node it names', () => {
    const text = objectsToText([policy]);
    const parsed = parseChangesText(text);
    const [p] = serverProblems(parsed, [
      { field: 'changes.apply[0].spec.podSelector.matchLabels', message: 'x', reason: 'expected a map' },
    ]);
    expect(p!.message).toBe('expected a map');
    expect(text.slice(p!.from, p!.to)).toContain('app: x');
  });
});
