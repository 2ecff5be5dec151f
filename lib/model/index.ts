// Public API of the model: the shared types plus pure helpers over them.

export type * from './types';
export { PROTOCOLS } from './types';
export { indexModel, type ModelEntities } from './index-model';
export { isEmptySelector, matchesLabels, matchesSelector, selectNamespaces, selectPods } from './selectors';
export { labelKey, objectKey, workloadKey, workloadPeerName } from './keys';
export type * from './cilium';
