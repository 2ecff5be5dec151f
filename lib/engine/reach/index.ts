// Reach: which peer may open which connections to which.
export { computeReach } from './compute-reach';
export type { ReachOptions } from './compute-reach';
export type { ReachGranularity } from './peers';
export { DEFAULT_MAX_PAIRS, ReachBoundError, parseLimit } from './bounds';
export type { ReachBound, ReachBounds } from './bounds';
