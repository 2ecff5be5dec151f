// Platform detection, once per model: CNI, overlay, kube-proxy mode, MetalLB and the
// load-balancer provider. Cached by model identity because the model is immutable.

import type { ClusterModel } from '../../model/types';
import { detectCni } from './detect-cni';
import { detectKubeProxy } from './kube-proxy';
import { detectLbProvider, detectMetalLB } from './metallb';
import type { PlatformInfo } from './types';

const cache = new WeakMap<ClusterModel, PlatformInfo>();

/**
 * The platform facts of `model`, each with the evidence that proves it. Computed once per
 * model object (models are immutable), so every trace of a snapshot reuses it.
 */
export function detectPlatform(model: ClusterModel): PlatformInfo {
  const hit = cache.get(model);
  if (hit) return hit;
  const cni = detectCni(model);
  const metallb = detectMetalLB(model);
  const info: PlatformInfo = {
    cni,
    kubeProxy: detectKubeProxy(model, cni),
    metallb,
    lbProvider: detectLbProvider(model, metallb),
  };
  cache.set(model, info);
  return info;
}

export type * from './types';
export { OVERHEAD, OVERLAY_NAME, overheadOf, podMTU, underlayMTU, DEFAULT_UNDERLAY_MTU } from './mtu';
