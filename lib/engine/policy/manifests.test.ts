// The evaluator on policies read from YAML through ingest: the defaults the API server
// applies (omitted policyTypes, omitted protocol) reach the evaluator as domain.md says.

import { describe, expect, it } from 'vitest';
import { loadModel, parseText, snapshotFromObjects } from '../../ingest';
import { evaluateConnection } from './evaluate';

const pods = ['a', 'b']
  .map(
    (name) => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: x, labels: {pod: ${name}}}
spec: {containers: [{name: c, image: i, ports: [{name: serve-80-tcp, containerPort: 80}]}]}
status: {podIP: 10.1.0.${name === 'a' ? 1 : 2}}
`,
  )
  .join('');

function model(policies: string) {
  const { snapshot } = snapshotFromObjects([parseText(pods + policies, 'test.yaml')], {
    kind: 'files',
    title: 'test',
  });
  return loadModel(snapshot);
}

function allowed(policies: string, from: string, to: string, port = 80, protocol: 'TCP' | 'UDP' = 'TCP') {
  const m = model(policies);
  return evaluateConnection(
    m,
    { type: 'pod', pod: m.pods.get(from)! },
    { type: 'pod', pod: m.pods.get(to)! },
    protocol,
    port,
  ).allowed;
}

describe('policies from manifests', () => {
  it('omitted policyTypes with egress rules isolates both directions', () => {
    const p = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  egress: [{ports: [{port: 53, protocol: UDP}]}]
`;
    expect(allowed(p, 'x/b', 'x/a')).toBe(false);
    expect(allowed(p, 'x/a', 'x/b')).toBe(false);
    expect(allowed(p, 'x/a', 'x/b', 53, 'UDP')).toBe(true);
  });
  it('omitted policyTypes without egress rules isolates ingress only', () => {
    const p = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: x}
spec: {podSelector: {matchLabels: {pod: a}}}
`;
    expect(allowed(p, 'x/b', 'x/a')).toBe(false);
    expect(allowed(p, 'x/a', 'x/b')).toBe(true);
  });
  it('a named port without protocol means TCP, resolved on the destination', () => {
    const p = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: x}
spec:
  podSelector: {}
  ingress: [{ports: [{port: serve-80-tcp}]}]
`;
    expect(allowed(p, 'x/b', 'x/a', 80)).toBe(true);
    expect(allowed(p, 'x/b', 'x/a', 81)).toBe(false);
    expect(allowed(p, 'x/b', 'x/a', 80, 'UDP')).toBe(false);
  });
});
