// Texts of the data-plane policy findings: commands a person can paste, and the fix that
// matches which source the policy judges.

import { describe, expect, it } from 'vitest';
import { makeFinding } from './catalogue';

describe('data-plane finding texts', () => {
  it('IPBLOCK_COVERS_POD_IPS shows the exact ipBlock with kubectl jsonpath and finds the pod by address', () => {
    const f = makeFinding(
      'IPBLOCK_COVERS_POD_IPS',
      {
        policy: 'shop/db-from-pod-network',
        field: 'spec.ingress[0].from[0].ipBlock.cidr',
        cidr: '10.244.0.0/16',
        except: ['10.244.1.6/32'],
        pods: ['shop/web-0 (10.244.1.5)'],
        ips: ['10.244.1.5'],
        mode: 'outside',
        why: 'x',
        effect: 'So this ipBlock does not match shop/web-0.',
      },
      [],
    );
    expect(f.severity).toBe('warning');
    expect(f.verify[0]).toBe(
      "kubectl get networkpolicy -n shop db-from-pod-network -o jsonpath='{.spec.ingress[0].from[0].ipBlock}'",
    );
    expect(f.verify[1]).toBe("kubectl get pods -A -o wide | grep -F '10.244.1.5'");
    expect(f.detail).toContain('(except 10.244.1.6/32)');
  });

  it('HOST_NETWORK_POD reads hostNetwork and both addresses with one kubectl call', () => {
    const f = makeFinding(
      'HOST_NETWORK_POD',
      {
        pod: 'monitoring/node-exporter-abc',
        node: 'worker-2',
        nodeIP: '10.0.0.12',
        mtu: 1500,
        role: 'destination',
        policies: [],
      },
      [],
    );
    expect(f.verify[0]).toBe(
      `kubectl get pod -n monitoring node-exporter-abc -o jsonpath='{.spec.hostNetwork} {.status.podIP} {.status.hostIP}{"\\n"}'`,
    );
    expect(f.detail).toContain('MTU 1500');
  });

  it('HAIRPIN_SNAT fixes the policy with the source it judges', () => {
    const base = {
      pod: 'shop/api-0',
      service: 'shop/api',
      podIP: '10.244.1.6',
      snatIP: '10.0.0.11',
      node: 'worker-1',
      port: 8080,
      how: 'h.',
      dataPlane: [],
    };
    expect(
      makeFinding(
        'HAIRPIN_SNAT',
        { ...base, judged: 'own', judgedText: 'its ingress policy judges its own address 10.244.1.6' },
        [],
      ).fix,
    ).toContain("admit the pod's own pods");
    expect(
      makeFinding(
        'HAIRPIN_SNAT',
        { ...base, judged: 'masqueraded', judgedText: 'its ingress policy judges 10.0.0.11' },
        [],
      ).fix,
    ).toContain('allow 10.0.0.11');
    expect(
      makeFinding(
        'HAIRPIN_SNAT',
        { ...base, judged: 'bypass', judgedText: 'no ingress policy is applied' },
        [],
      ).fix,
    ).toMatch(/^Policy does not judge this flow/);
  });
});
