import { describe, expect, it } from 'vitest';
import type { Pod } from '../../model/types';
import { restartCommand } from './restart';

function pod(name: string, workload: Pod['workload'], labels: Record<string, string> = {}): Pod {
  return {
    key: `shop/${name}`,
    namespace: 'shop',
    name,
    labels,
    annotations: {},
    ips: [],
    hostNetwork: false,
    ready: true,
    ports: [],
    workload,
    synthesized: false,
    origin: { file: 'x.yaml', document: 0 },
  } as unknown as Pod;
}

describe('restart commands for fixes that only new pods pick up', () => {
  // `kubectl rollout restart` takes deployments, daemonsets and statefulsets:
  // kubernetes.io/docs/reference/kubectl/generated/kubectl_rollout/kubectl_rollout_restart.
  // The MTU "is configured on the veth attached to each workload" when the CNI creates it
  // (docs.tigera.io/calico/latest/networking/configuring/mtu), so only recreated pods take a new one.
  it('restarts the Deployment behind a ReplicaSet, and StatefulSets and DaemonSets directly', () => {
    const rs = pod(
      'web-7d4b9c-abcde',
      { namespace: 'shop', name: 'web-7d4b9c', kind: 'ReplicaSet' },
      { 'pod-template-hash': '7d4b9c' },
    );
    expect(restartCommand(rs)).toBe('kubectl rollout restart deploy/web -n shop');
    expect(restartCommand(pod('db-0', { namespace: 'shop', name: 'db', kind: 'StatefulSet' }))).toBe(
      'kubectl rollout restart sts/db -n shop',
    );
    expect(restartCommand(pod('agent-x', { namespace: 'shop', name: 'agent', kind: 'DaemonSet' }))).toBe(
      'kubectl rollout restart ds/agent -n shop',
    );
  });

  it('a pod without a restartable controller is deleted', () => {
    expect(restartCommand(pod('tool', { namespace: 'shop', name: 'tool', kind: 'Pod' }))).toBe(
      'kubectl delete pod tool -n shop',
    );
  });
});
