// Prometheus metrics of the server process (prom-client): requests per route, model builds,
// model cache hits and the live source's sync state, plus Node's default process metrics.
// One registry per process on globalThis, since Next may evaluate this module per route bundle.

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  /** API requests answered, by method, route template and status code. */
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  /** API request latency, by method and route template. */
  readonly httpDuration: Histogram<'method' | 'route'>;
  /** Models built from snapshots, by source kind and outcome. */
  readonly modelBuilds: Counter<'kind' | 'outcome'>;
  readonly modelBuildDuration: Histogram<'kind'>;
  /** Source loads answered from the model cache (hit) or by a build (miss). */
  readonly modelCache: Counter<'result'>;
  /** 1 for the live source's current state (connecting, synced, stale), 0 for the others. */
  readonly liveState: Gauge<'state'>;
  readonly liveLastSync: Gauge;
  readonly liveObjects: Gauge;
}

export const LIVE_STATES = ['connecting', 'synced', 'stale'] as const;

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: 'packetpath_http_requests_total',
      help: 'API requests answered, by method, route and status code.',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
    httpDuration: new Histogram({
      name: 'packetpath_http_request_duration_seconds',
      help: 'API request latency in seconds, by method and route.',
      labelNames: ['method', 'route'],
      // Traces answer in milliseconds; reach over a large cluster takes seconds.
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    modelBuilds: new Counter({
      name: 'packetpath_model_builds_total',
      help: 'Cluster models built from snapshots, by source kind and outcome (ok, error).',
      labelNames: ['kind', 'outcome'],
      registers,
    }),
    modelBuildDuration: new Histogram({
      name: 'packetpath_model_build_duration_seconds',
      help: 'Time to build a cluster model from a snapshot, by source kind.',
      labelNames: ['kind'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    modelCache: new Counter({
      name: 'packetpath_model_cache_requests_total',
      help: 'Source loads answered from the model cache (result="hit") or by building the model (result="miss").',
      labelNames: ['result'],
      registers,
    }),
    liveState: new Gauge({
      name: 'packetpath_live_source_state',
      help: 'The live source state: 1 for the current one of connecting, synced, stale (absent when live is off).',
      labelNames: ['state'],
      registers,
    }),
    liveLastSync: new Gauge({
      name: 'packetpath_live_source_last_sync_timestamp_seconds',
      help: 'Unix time of the last successful answer from the Kubernetes API server.',
      registers,
    }),
    liveObjects: new Gauge({
      name: 'packetpath_live_source_objects',
      help: 'Objects in the live source snapshot.',
      registers,
    }),
  };
}

const KEY = Symbol.for('packetpath.metrics');
const holder = globalThis as { [KEY]?: Metrics };

/** The process's metrics. */
export const metrics: Metrics = (holder[KEY] ??= createMetrics());
