// Public API of the model: the shared types plus pure helpers over them.

export type * from './types';
export { PROTOCOLS } from './types';
export { indexModel, type ModelEntities } from './index-model';
export { isEmptySelector, matchesLabels, matchesSelector, selectNamespaces, selectPods } from './selectors';
export { labelKey, objectKey, ownerWorkload, workloadKey, workloadPeerName } from './keys';
export type * from './calico';
export {
  DEFAULT_TIER_ORDER,
  K8S_NETWORKPOLICY_ORDER,
  KUBE_ADMIN_TIER_ORDER,
  KUBE_BASELINE_TIER_ORDER,
} from './calico';
export {
  CalicoSelectorError,
  calicoSelectorKeys,
  calicoSelectorMatches,
  formatCalicoSelector,
  parseCalicoSelector,
  prefixCalicoSelector,
  type CalicoSelector,
} from './calico-selector';
export {
  canonicalIP,
  cidrFamily,
  ipFamily,
  isCIDR,
  isIP,
  isIPv4,
  isIPv6,
  parseCIDR,
  type IPFamily,
} from './ip';
export type * from './cilium';
