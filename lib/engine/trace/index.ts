// Tracer public API.
export { traceRoute } from './trace-route';
export type { TraceOptions } from './workload-trace';
export { parseEndpoint, endpointText } from './endpoint';
export type { ParsedEndpoint } from './endpoint';
export { resolveEndpoint } from './resolve';
export type { ResolvedEndpoint } from './resolve';
export { EndpointError } from './errors';
