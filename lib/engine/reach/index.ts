// Reach: which peer may open which connections to which.
export { computeReach } from './compute-reach';
export type { ReachOptions } from './compute-reach';
export { peerNameOf, REACH_GRANULARITIES } from './peers';
export type { ReachGranularity } from './peers';
export { reachPeerNames } from './compute-reach';
export { findPeer, focusReach } from './focus';
export type { FocusedReach, ReachDirection, ReachFocus } from './focus';
export { clusterRanges, rangeWords } from './peer-words';
export { DEFAULT_MAX_PAIRS, ReachBoundError, parseLimit } from './bounds';
export type { ReachBound, ReachBounds } from './bounds';
