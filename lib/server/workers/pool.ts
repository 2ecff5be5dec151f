// The server's worker threads (piscina): parsing an upload and computing a reach run here,
// off the main thread, so health probes and traces are answered while a large dump is
// read. The pool is small (PACKETPATH_WORKERS threads, default 2 or the CPUs if fewer)
// with a bounded queue (PACKETPATH_WORKER_QUEUE, default 8): past it a task is refused
// with 429 and Retry-After (RFC 9110 §10.2.3, RFC 6585 §4) instead of piling up work and
// memory. Each thread's heap is capped (PACKETPATH_WORKER_HEAP_MB, default 2048): a
// computation that would outgrow it ends that thread (answered 503), not the server.
// PACKETPATH_WORKERS=0 runs the tasks on the main thread (for a runtime without the
// worker entry file).

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { ApiError } from '../errors';
import { rebuildFailure, type Outcome } from './outcome';

export interface PoolSettings {
  /** 0 = no worker threads: tasks run in the calling thread. */
  readonly threads: number;
  readonly queue: number;
  readonly heapMb: number;
}

function count(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name}: expected a whole number, got "${value}"`);
  return n;
}

export function poolSettings(env: Readonly<Record<string, string | undefined>> = process.env): PoolSettings {
  return {
    threads: count('PACKETPATH_WORKERS', env.PACKETPATH_WORKERS, Math.min(2, availableParallelism())),
    queue: count('PACKETPATH_WORKER_QUEUE', env.PACKETPATH_WORKER_QUEUE, 8),
    heapMb: Math.max(64, count('PACKETPATH_WORKER_HEAP_MB', env.PACKETPATH_WORKER_HEAP_MB, 2048)),
  };
}

/**
 * The entry file, found from the working directory: Next bundles this module into its
 * server chunks, so a path relative to it would point into .next/. `next start`, the CLI
 * and the tests run from the repository root.
 */
export function workerEntry(root: string = process.cwd()): string {
  return join(root, 'lib/server/workers/entry.mjs');
}

/** `ping` only loads the thread (preloadWorkers); `trace` answers a trace where the model lives. */
export type TaskName = 'ingest' | 'reach' | 'trace' | 'ping';

/**
 * Traces queue apart from the long tasks: each takes about a millisecond, so many may wait
 * without holding much; past this many the caller is told to retry.
 */
const TRACE_QUEUE = 512;

interface PoolState {
  pool?: Piscina;
  settings: PoolSettings;
  /** Tasks handed to a thread and not yet answered, by name (for tests and /metrics). */
  readonly running: Record<TaskName, number>;
  /** Threads (by threadId) that have answered a ping (preloadWorkers): their task module is loaded. */
  readonly ready: Set<number>;
}

// On globalThis: Next may evaluate this module once per route bundle; one pool per process.
const KEY = Symbol.for('packetpath.worker-pool');
const holder = globalThis as { [KEY]?: PoolState };
const state: PoolState = (holder[KEY] ??= {
  settings: poolSettings(),
  running: { ingest: 0, reach: 0, trace: 0, ping: 0 },
  ready: new Set(),
});

function pool(): Piscina | undefined {
  if (state.settings.threads === 0) return undefined;
  if (!state.pool) {
    const filename = workerEntry();
    if (!existsSync(filename)) {
      // A server without the sources beside it (Next's standalone output) runs tasks inline.
      console.warn(`packetpath: worker entry ${filename} not found; tasks run on the main thread`);
      state.settings = { ...state.settings, threads: 0 };
      return undefined;
    }
    state.pool = new Piscina({
      filename,
      // One thread stays once started: a new one loads the whole server runtime through
      // tsx first (tens of seconds on a busy machine), which no request should wait for twice.
      minThreads: 1,
      maxThreads: state.settings.threads,
      // The long tasks' bound (settings.queue) and the traces' are checked in runTask;
      // piscina's own is only the sum of both.
      maxQueue: state.settings.queue + TRACE_QUEUE,
      // A thread beyond the first that sat idle gives its memory (and its cached models) back.
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: state.settings.heapMb },
    });
    // piscina marks its first threads online before their entry has run, so a thread
    // counts as ready only once it answered a task (tasks.ts's ping names its thread).
    state.ready.clear();
    const created = state.pool;
    created.on('workerDestroy', (worker: { threadId: number }) => {
      if (state.pool === created) state.ready.delete(worker.threadId);
    });
  }
  return state.pool;
}

/** Seconds a refused client is told to wait. */
const RETRY_AFTER = 5;

/**
 * Runs task `name` in a worker thread (or inline with PACKETPATH_WORKERS=0); rebuilds the
 * task's error on this side, and answers a full queue with 429 and a thread that ran out
 * of memory with 503.
 */
export async function runTask<T>(
  name: TaskName,
  input: unknown,
  inline: () => Promise<Outcome<T>>,
): Promise<T> {
  const p = pool();
  let outcome: Outcome<T>;
  state.running[name]++;
  try {
    if (!p) outcome = await inline();
    else {
      if (full(name)) throw busy(p);
      outcome = (await p.run(input, { name })) as Outcome<T>;
    }
  } catch (err) {
    throw poolError(err, p);
  } finally {
    state.running[name]--;
  }
  if ('failure' in outcome) throw rebuildFailure(outcome.failure);
  return outcome.value;
}

/** Whether task `name` (already counted in `running`) is past its queue. */
function full(name: TaskName): boolean {
  if (name === 'trace') return state.running.trace > TRACE_QUEUE;
  if (name === 'ping') return false;
  // Long tasks: one per thread running, settings.queue more waiting.
  return state.running.ingest + state.running.reach > state.settings.threads + state.settings.queue;
}

function busy(p: Piscina): ApiError {
  return new ApiError(
    429,
    'busy',
    `${p.threads.length} worker thread(s) are busy and ${p.queueSize} task(s) wait; try again shortly`,
    {},
    RETRY_AFTER,
  );
}

function poolError(err: unknown, p: Piscina | undefined): unknown {
  if (err instanceof ApiError || !(err instanceof Error) || !p) return err;
  if (err.message === 'Task queue is at limit') return busy(p);
  if ((err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY')
    return new ApiError(
      503,
      'out of memory',
      `the computation needed more than the ${state.settings.heapMb} MiB heap of a worker thread (PACKETPATH_WORKER_HEAP_MB)`,
      { bound: 'memory', limit: state.settings.heapMb * 1024 * 1024 },
    );
  return err;
}

/** Tasks of this name handed out and not yet answered. */
export function runningTasks(name: TaskName): number {
  return state.running[name];
}

/** Whether tasks run in worker threads (false with PACKETPATH_WORKERS=0 or no entry file). */
export function workersEnabled(): boolean {
  return pool() !== undefined;
}

/** Worker threads online now, ready to take a task without loading the runtime first. */
export function readyThreads(): number {
  return state.pool ? state.ready.size : 0;
}

/**
 * Starts the first worker thread and waits until it has loaded the task module, so the
 * first upload or reach does not pay the thread's start-up (loading the server runtime
 * through tsx). Called once at server start (instrumentation.ts); a failure is logged by
 * the caller and the pool starts threads on demand as before.
 */
export async function preloadWorkers(): Promise<number> {
  const p = pool();
  if (!p) return 0;
  const threadId = await runTask<number>('ping', {}, () => Promise.resolve({ value: 0 }));
  if (state.pool === p) state.ready.add(threadId);
  return readyThreads();
}

/** For tests: new settings, and the old pool's threads ended. */
export async function resetPool(settings: PoolSettings = poolSettings()): Promise<void> {
  const old = state.pool;
  delete state.pool;
  state.ready.clear();
  state.settings = settings;
  await old?.destroy();
}
