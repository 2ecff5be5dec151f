// Calico policy objects (projectcalico.org/v3) as `calicoctl get -o yaml` shows them.

import type { KubeObject } from '../../model/types';
import { obj } from './meta';

export function tier(name: string, order: number, createdAt = 40): KubeObject {
  return obj(
    'projectcalico.org/v3',
    'Tier',
    { name, createdAt, generation: 1 },
    { spec: { order, defaultAction: 'Deny' } },
  );
}

export function globalNetworkPolicy(name: string, spec: Record<string, unknown>, createdAt = 45): KubeObject {
  return obj('projectcalico.org/v3', 'GlobalNetworkPolicy', { name, createdAt, generation: 1 }, { spec });
}

export function calicoNetworkPolicy(
  name: string,
  namespace: string,
  spec: Record<string, unknown>,
  createdAt = 55,
): KubeObject {
  return obj(
    'projectcalico.org/v3',
    'NetworkPolicy',
    { name, namespace, createdAt, generation: 1 },
    { spec },
  );
}
