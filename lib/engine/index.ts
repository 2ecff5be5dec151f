// Public API of the engine: the functions front ends call and the result types they
// render. Others add export lines here for their modules.

export type * from './types';
export { traceRoute, parseEndpoint, endpointText, resolveEndpoint, EndpointError } from './trace';
export type { ParsedEndpoint, ResolvedEndpoint, TraceOptions } from './trace';
export { lintModel } from './lint';
export { formatTrace, formatLint } from './format/trace';
export type { TraceFormat } from './format/trace';
export { detectPlatform } from './platform';
export type { PlatformInfo } from './platform';
export { CATALOGUE, makeFinding, severityOf } from './findings/catalogue';
export { evaluateConnection, allowedConnections } from './policy';
export type { ConnectionVerdict, DirectionVerdict, PeerEndpoint } from './policy';
export { computeReach } from './reach';
export type { ReachOptions, ReachGranularity, ReachBound, ReachBounds } from './reach';
export { DEFAULT_MAX_PAIRS, ReachBoundError, parseLimit } from './reach';
export { formatReach } from './format/reach';
export { diffReach, diffLint } from './whatif/diff';
export type { ReachDiff, ReachChange, LintDiff } from './whatif/diff';
