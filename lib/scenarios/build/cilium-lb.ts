// Cilium's own LoadBalancer IPAM and L2 announcements (cilium.io/v2alpha1).

import type { KubeObject } from '../../model/types';
import { condition, obj } from './meta';

export function ciliumLBPool(name: string, start: string, stop: string): KubeObject {
  return obj(
    'cilium.io/v2alpha1',
    'CiliumLoadBalancerIPPool',
    { name, createdAt: 20, generation: 1 },
    {
      spec: { allowFirstLastIPs: 'Yes', blocks: [{ start, stop }], disabled: false },
      status: {
        conditions: [
          condition('cilium.io/IPsAvailable', 'True', 20, 'noreason', '10', { observedGeneration: 1 }),
          condition('cilium.io/PoolConflict', 'False', 20, 'resolved', '', { observedGeneration: 1 }),
        ],
      },
    },
  );
}

export function ciliumL2Policy(name: string): KubeObject {
  return obj(
    'cilium.io/v2alpha1',
    'CiliumL2AnnouncementPolicy',
    { name, createdAt: 20, generation: 1 },
    {
      spec: {
        externalIPs: false,
        interfaces: ['^eth[0-9]+'],
        loadBalancerIPs: true,
        nodeSelector: {
          matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist' }],
        },
      },
    },
  );
}
