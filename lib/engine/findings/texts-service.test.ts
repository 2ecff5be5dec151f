// Texts of the Service finding codes (findings.md, added codes): numbers that fit,
// commands that run as written.

import { describe, expect, it } from 'vitest';
import { makeFinding } from './catalogue';
import { causeText } from './causes';

describe('Service finding texts', () => {
  it('TARGET_PORT_UNDECLARED patches targetPort to the declared number and probes the listener', () => {
    const f = makeFinding(
      'TARGET_PORT_UNDECLARED',
      {
        service: 'shop/api',
        port: 80,
        targetPort: 9090,
        pods: ['shop/api-0'],
        declared: ['8080/TCP (http)'],
        portIndex: 1,
      },
      [],
    );
    expect(f.severity).toBe('warning');
    expect(f.fix).toContain(
      `kubectl patch service -n shop api --type=json -p '[{"op":"replace","path":"/spec/ports/1/targetPort","value":8080}]'`,
    );
    expect(f.verify[0]).toContain('kubectl exec -n shop api-0 --');
    expect(f.detail).toContain('kube-proxy DNATs to 9090 regardless');
    expect(
      causeText('TARGET_PORT_UNDECLARED', {
        service: 'shop/api',
        port: 80,
        targetPort: 9090,
        pods: [],
        declared: [],
      }),
    ).toContain('delivered only if the process listens');
  });

  it('LB_SOURCE_RANGE_DENIED adds the client as a /32 with a JSON patch', () => {
    const f = makeFinding(
      'LB_SOURCE_RANGE_DENIED',
      {
        service: 'shop/storefront',
        clientIP: '192.0.2.200',
        ranges: ['198.51.100.0/24'],
        lbIP: '192.0.2.50',
        enforcer: 'kube-proxy',
        dataPlane: ['iptables -t nat -S KUBE-FW-X'],
      },
      [],
    );
    expect(f.fix).toContain(`"path":"/spec/loadBalancerSourceRanges/-","value":"192.0.2.200/32"`);
    expect(f.verifySteps?.map((s) => s.command)).toContain('iptables -t nat -S KUBE-FW-X');
  });

  it('NODELOCAL_DNS without a blocking policy does not claim a drop', () => {
    const f = makeFinding(
      'NODELOCAL_DNS',
      { node: 'worker-1', addresses: ['169.254.20.10'], pod: 'shop/web', coreDnsOnly: [] },
      [],
    );
    expect(f.detail).not.toContain('dropped');
    expect(f.verify).toContain(
      'kubectl exec -n shop web -- nslookup -timeout=3 kubernetes.default.svc.cluster.local 169.254.20.10',
    );
  });

  it('SESSION_AFFINITY says the split is per client address, with the timeout', () => {
    const f = makeFinding(
      'SESSION_AFFINITY',
      {
        service: 'shop/api',
        timeoutSeconds: 10800,
        endpoints: 3,
        mechanism: 'x',
        clientIP: '10.244.1.5',
        dataPlane: [],
      },
      [],
    );
    expect(f.detail).toContain('until 10800 s pass without one');
    expect(f.fix).toContain(`kubectl patch service -n shop api -p '{"spec":{"sessionAffinity":"None"}}'`);
  });
});
