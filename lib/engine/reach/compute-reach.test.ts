import { describe, expect, it } from 'vitest';
import { testModel, testPod, testPolicy } from '../policy/testing/build-model';
import { computeReach } from './compute-reach';
import { cutRanges } from './ip-ranges';
import { formatIPv4Interval, ipBlockIntervals } from '../net';

const frontend = testPod('default/frontend-1', {
  labels: { app: 'frontend' },
  workload: { kind: 'Deployment', name: 'frontend' },
});
const backend = testPod('default/backend-1', {
  labels: { app: 'backendservice' },
  workload: { kind: 'Deployment', name: 'backend' },
});
const backend2 = testPod('default/backend-2', {
  labels: { app: 'backendservice' },
  workload: { kind: 'Deployment', name: 'backend' },
});

// netpol-analyzer's netpol-analysis-example-minimal, built by hand.
const minimal = testModel({
  pods: [frontend, backend, backend2],
  policies: [
    testPolicy('default/default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    testPolicy('default/backend', {
      podSelector: { matchLabels: { app: 'backendservice' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          peers: [{ type: 'pods', podSelector: { matchLabels: { app: 'frontend' } } }],
          ports: [{ protocol: 'TCP', port: 9090 }],
        },
      ],
    }),
    testPolicy('default/frontend', {
      podSelector: { matchLabels: { app: 'frontend' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ peers: [], ports: [{ protocol: 'TCP', port: 8080 }] }],
      egress: [
        {
          peers: [{ type: 'pods', podSelector: { matchLabels: { app: 'backendservice' } } }],
          ports: [{ protocol: 'TCP', port: 9090 }],
        },
        { peers: [], ports: [{ protocol: 'UDP', port: 53 }] },
      ],
    }),
  ],
});

describe('computeReach', () => {
  it('gives the workload pairs of the minimal example', () => {
    expect(computeReach(minimal, { granularity: 'workload' }).pairs).toEqual([
      { from: '0.0.0.0-255.255.255.255[External]', to: 'default/frontend[Deployment]', conn: 'TCP 8080' },
      { from: 'default/frontend[Deployment]', to: '0.0.0.0-255.255.255.255[External]', conn: 'UDP 53' },
      { from: 'default/frontend[Deployment]', to: 'default/backend[Deployment]', conn: 'TCP 9090' },
    ]);
  });
  it('lists pods at pod granularity, never a pod with itself', () => {
    const pairs = computeReach(testModel({ pods: [backend, backend2] }), { granularity: 'pod' }).pairs;
    expect(pairs.map((p) => `${p.from} => ${p.to}`)).toEqual([
      '0.0.0.0-255.255.255.255[External] => default/backend-1[Pod]',
      '0.0.0.0-255.255.255.255[External] => default/backend-2[Pod]',
      'default/backend-1[Pod] => 0.0.0.0-255.255.255.255[External]',
      'default/backend-1[Pod] => default/backend-2[Pod]',
      'default/backend-2[Pod] => 0.0.0.0-255.255.255.255[External]',
      'default/backend-2[Pod] => default/backend-1[Pod]',
    ]);
  });
  it('keeps pairs touching the requested namespace', () => {
    const other = testPod('other/x', {});
    const pairs = computeReach(testModel({ pods: [backend, other] }), {
      granularity: 'pod',
      namespace: 'other',
    }).pairs;
    expect(pairs.every((p) => p.from.startsWith('other/') || p.to.startsWith('other/'))).toBe(true);
    expect(pairs).toHaveLength(4);
  });
  it('cuts the address space at block edges, sorted byte-wise', () => {
    const block = ipBlockIntervals('0.0.0.0/0', [
      '10.0.0.0/9',
      '10.128.0.0/9',
      '172.21.0.0/16',
      '172.30.0.0/16',
    ]);
    expect(cutRanges([block]).map(formatIPv4Interval)).toEqual([
      '0.0.0.0-9.255.255.255',
      '10.0.0.0-10.255.255.255',
      '11.0.0.0-172.20.255.255',
      '172.21.0.0-172.21.255.255',
      '172.22.0.0-172.29.255.255',
      '172.30.0.0-172.30.255.255',
      '172.31.0.0-255.255.255.255',
    ]);
  });
});
