// Cilium policy objects (cilium.io/v2) as operators write them.

import type { KubeObject } from '../../model/types';
import { obj } from './meta';

export function ciliumNetworkPolicy(
  name: string,
  namespace: string,
  spec: Record<string, unknown>,
  createdAt = 60,
): KubeObject {
  return obj('cilium.io/v2', 'CiliumNetworkPolicy', { name, namespace, createdAt, generation: 1 }, { spec });
}

export function ciliumClusterwidePolicy(
  name: string,
  spec: Record<string, unknown>,
  createdAt = 40,
): KubeObject {
  return obj('cilium.io/v2', 'CiliumClusterwideNetworkPolicy', { name, createdAt, generation: 1 }, { spec });
}
