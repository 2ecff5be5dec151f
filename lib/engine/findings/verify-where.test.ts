import { describe, expect, it } from 'vitest';
import { makeFinding } from './catalogue';
import { anywhere, dataPlaneStep, debugNode, inPod, onNode, renderStep, wherePrefix } from './verify-where';

describe('verify commands say where they run', () => {
  it('renders the kubectl exec, kubectl debug node and "on NODE" forms', () => {
    // kubectl exec -n NS POD -- COMMAND: kubernetes.io/docs/reference/kubectl/generated/kubectl_exec
    expect(renderStep(inPod('shop/web-1', 'nc -zv -w 3 10.244.2.7 5432'))).toBe(
      'kubectl exec -n shop web-1 -- nc -zv -w 3 10.244.2.7 5432',
    );
    // "Node: Create a new pod that runs in the node's host namespaces" —
    // kubernetes.io/docs/reference/kubectl/generated/kubectl_debug; the sysadmin profile is privileged.
    expect(renderStep(debugNode('worker-1', 'tracepath -n 10.244.2.7'))).toBe(
      'kubectl debug node/worker-1 -it --profile=sysadmin --image=nicolaka/netshoot -- tracepath -n 10.244.2.7',
    );
    expect(renderStep(onNode('worker-1', 'wg show wireguard.cali', 'worker-2 must be a peer'))).toBe(
      'wg show wireguard.cali   # on worker-1: worker-2 must be a peer',
    );
    expect(renderStep(anywhere('kubectl get networkpolicy -n shop'))).toBe(
      'kubectl get networkpolicy -n shop',
    );
    expect(wherePrefix({ kind: 'anywhere' })).toBeUndefined();
  });

  it('data-plane commands of a hop run on its node; kubectl ones anywhere; trailing comments become notes', () => {
    expect(dataPlaneStep('iptables -t nat -L KUBE-SVC-X -n -v', 'worker-2')).toEqual({
      command: 'iptables -t nat -L KUBE-SVC-X -n -v',
      where: { kind: 'node-debug', node: 'worker-2' },
    });
    expect(
      dataPlaneStep('ipvsadm -Ln -t 10.96.0.1:443   # no real server listed', undefined, 'the source node'),
    ).toEqual({
      command: 'ipvsadm -Ln -t 10.96.0.1:443',
      where: { kind: 'node', node: 'the source node' },
      note: 'no real server listed',
    });
    expect(
      dataPlaneStep('kubectl -n kube-system exec ds/cilium -- cilium-dbg service list', 'w').where,
    ).toEqual({
      kind: 'anywhere',
    });
  });

  it('a finding carries the rendered strings and the typed steps', () => {
    const f = makeFinding(
      'POLICY_EGRESS_DENIED',
      {
        pod: 'shop/web-1',
        peer: 'pod shop/db-0 (10.244.2.7)',
        peerIP: '10.244.2.7',
        protocol: 'TCP',
        port: 5432,
        policies: ['NetworkPolicy shop/default-deny'],
        reasons: [],
      },
      [],
    );
    const probe = f.verifySteps?.find((s) => s.where.kind === 'pod');
    expect(probe).toEqual({
      command: 'nc -zv -w 3 10.244.2.7 5432',
      where: { kind: 'pod', namespace: 'shop', pod: 'web-1' },
    });
    expect(f.verify).toContain('kubectl exec -n shop web-1 -- nc -zv -w 3 10.244.2.7 5432');
    expect(f.verify).toEqual(f.verifySteps?.map(renderStep));
  });
});
