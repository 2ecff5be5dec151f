// Finding texts that must be right as written: numbers that fit, commands that run.

import { describe, expect, it } from 'vitest';
import { makeFinding } from './catalogue';
import { causeText } from './causes';
import { execTarget } from './specs-policy';

const blackhole = (size: number) => ({
  node: 'worker-1',
  podMTU: 1500,
  size,
  overlay: 'VXLAN',
  overhead: 50,
  underlay: 1500,
  dst: '10.244.2.7',
  target: 1450,
  fixCommand: 'x',
  restart: [] as string[],
});

describe('finding texts', () => {
  it('MTU_BLACKHOLE does not claim a small packet is dropped', () => {
    const small = makeFinding('MTU_BLACKHOLE', blackhole(120), []);
    expect(small.detail).toContain(
      'This 120-byte packet fits (170 B on the wire), but any packet over 1450 B is dropped',
    );
    expect(causeText('MTU_BLACKHOLE', blackhole(120))).toMatch(/^this 120-byte packet fits/);
    expect(makeFinding('MTU_BLACKHOLE', blackhole(1500), []).detail).toContain(
      'A 1500-byte packet is dropped silently',
    );
  });

  it('POLICY_EGRESS_DENIED probes DNS with nslookup (nc -zu cannot see a UDP drop) and ends each reason with a full stop', () => {
    const f = makeFinding(
      'POLICY_EGRESS_DENIED',
      {
        pod: 'shop/web',
        peer: 'pod kube-system/coredns-1 (10.244.3.6)',
        peerIP: '10.244.3.6',
        protocol: 'UDP',
        port: 53,
        policies: ['NetworkPolicy shop/deny', 'NetworkPolicy shop/web'],
        reasons: [
          'NetworkPolicy shop/deny has no egress rules, so it allows nothing',
          'NetworkPolicy shop/web: rule #0 does not match',
        ],
      },
      [],
    );
    expect(f.verify).toContain(
      'kubectl exec -n shop web -- nslookup -timeout=3 kubernetes.default.svc.cluster.local 10.244.3.6',
    );
    expect(f.detail).toContain('allows nothing. NetworkPolicy shop/web: rule #0 does not match.');
    expect(f.fix).toContain('a new NetworkPolicy selecting shop/web');
  });

  it('exec targets for workload peer names are resources kubectl exec accepts', () => {
    expect(execTarget('shop/api-tnw2s48wq[ReplicaSet]')).toBe('-n shop rs/api-tnw2s48wq');
    expect(execTarget('shop/db[StatefulSet]')).toBe('-n shop sts/db');
    expect(execTarget('shop/web-1')).toBe('-n shop web-1');
  });

  it('NODEPORT_EXPOSED does not offer loadBalancerSourceRanges as a node port filter', () => {
    const f = makeFinding(
      'NODEPORT_EXPOSED',
      {
        service: 'shop/storefront',
        type: 'LoadBalancer',
        nodePort: 30880,
        nodes: 4,
        sampleNodeIP: '192.168.1.11',
      },
      [],
    );
    expect(f.fix).toContain(
      'spec.loadBalancerSourceRanges filters the LoadBalancer address only, never the node port',
    );
    expect(f.fix).toContain('nodePortAddresses');
  });
});
