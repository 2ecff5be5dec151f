// The live source: one Reflector per watched kind, a debounced snapshot rebuild, and a
// status that says what is synced, absent, forbidden or failing. While the API server is
// unreachable the last good snapshot is still served, flagged stale.

import type { ClusterSettings, KubeObject, Snapshot } from '../../model/types';
import type { BackoffOptions } from './backoff';
import type { KubeApiError } from './errors';
import { loadKubeConfig, type KubeConfigOptions } from './kubeconfig';
import { WATCHED_KINDS, type WatchedKind } from './kinds';
import { log } from '../../ops/log';
import { Reflector, type KindStatus } from './reflector';

export interface LiveSourceOptions extends KubeConfigOptions {
  /** Quiet time after the last change before the snapshot is rebuilt (default 1000 ms). */
  readonly debounceMs?: number;
  /** Longest a rebuild waits on a cluster that never goes quiet (default 10 s). */
  readonly maxWaitMs?: number;
  /** Objects per list page (`limit`, default 500). */
  readonly pageSize?: number;
  readonly backoff?: BackoffOptions;
  /** Server-side watch timeout in seconds (default 300, spread by up to 25 %). */
  readonly watchTimeoutSeconds?: number;
  /** Recheck interval for absent / forbidden kinds (default 5 min). */
  readonly recheckMs?: number;
  /** Settings the API does not hold (underlay MTU), copied into every snapshot. */
  readonly settings?: ClusterSettings;
  /** Kinds to read (default: all the engine uses). */
  readonly kinds?: readonly WatchedKind[];
}

export type LiveState = 'connecting' | 'synced' | 'stale';

export interface LiveStatus {
  readonly context: string;
  readonly server: string;
  /** connecting: no complete state yet; synced: up to date; stale: serving the last good state. */
  readonly state: LiveState;
  readonly stale: boolean;
  /** Why the source is stale (the API server's or the socket's message). */
  readonly error?: string;
  /** Last successful contact with the API server (ISO time). */
  readonly lastSyncAt?: string;
  /** When the served snapshot was built (ISO time). */
  readonly snapshotAt?: string;
  readonly objectCount: number;
  readonly kinds: readonly KindStatus[];
}

export interface LiveSource {
  /** The latest complete snapshot; undefined until every kind has been listed once. */
  snapshot(): Snapshot | undefined;
  status(): LiveStatus;
  /** Called after each rebuild with the new snapshot; returns an unsubscribe function. */
  onChange(cb: (snapshot: Snapshot) => void): () => void;
  stop(): Promise<void>;
}

export function startLiveSource(options: LiveSourceOptions = {}): LiveSource {
  const { kc, context, server } = loadKubeConfig(options);
  const debounceMs = options.debounceMs ?? 1000;
  const maxWaitMs = options.maxWaitMs ?? 10_000;
  const listeners = new Set<(s: Snapshot) => void>();
  let current: Snapshot | undefined;
  let lastSyncAt: string | undefined;
  let lastError: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstDirtyAt: number | undefined;
  let stopped = false;

  const reflectors: Reflector[] = (options.kinds ?? WATCHED_KINDS).map(
    (k) =>
      new Reflector(
        kc,
        k,
        {
          pageSize: options.pageSize ?? 500,
          backoff: options.backoff ?? {},
          watchTimeoutSeconds: options.watchTimeoutSeconds ?? 300,
          recheckMs: options.recheckMs ?? 300_000,
        },
        {
          changed: schedule,
          outcome(ok, error) {
            if (ok) {
              lastSyncAt = new Date().toISOString();
              if (lastError !== undefined && !isStale()) {
                log.info({ context, server }, 'live source reachable again');
                lastError = undefined;
              }
            } else if (error) {
              const reason = reasonOf(error);
              // Once per distinct reason: a retry loop against an absent server must not flood the log.
              if (reason !== lastError)
                log.warn({ context, server, kind: k.kind, reason }, 'live source sync failed');
              lastError = reason;
            }
            // The first complete state, or a recovery, is worth a rebuild without waiting for a change.
            if (!current || ok) schedule();
          },
        },
      ),
  );

  const isStale = (): boolean => reflectors.some((r) => r.isUnreachable);

  function schedule(): void {
    if (stopped) return;
    const now = Date.now();
    firstDirtyAt ??= now;
    if (timer) clearTimeout(timer);
    // Debounce: wait for a quiet moment, but never longer than maxWaitMs after the first change.
    const wait = Math.max(0, Math.min(debounceMs, firstDirtyAt + maxWaitMs - now));
    timer = setTimeout(rebuild, wait);
  }

  function rebuild(): void {
    timer = undefined;
    firstDirtyAt = undefined;
    if (stopped || !reflectors.every((r) => r.settled)) return;
    const objects: KubeObject[] = [];
    for (const r of reflectors) objects.push(...r.list().sort(byNamespaceName));
    const next: Snapshot = {
      meta: { kind: 'live', title: `live: ${context}`, capturedAt: new Date().toISOString(), context },
      settings: options.settings ?? {},
      objects,
    };
    if (current && sameObjects(current.objects, next.objects)) return;
    log.info({ context, objects: objects.length, first: !current }, 'live snapshot updated');
    current = next;
    for (const cb of listeners) cb(next);
  }

  for (const r of reflectors) r.start();

  return {
    snapshot: () => current,
    status(): LiveStatus {
      const stale = isStale();
      return {
        context,
        server,
        state: stale ? 'stale' : current ? 'synced' : 'connecting',
        stale,
        error: stale ? lastError : undefined,
        lastSyncAt,
        snapshotAt: current?.meta.capturedAt,
        objectCount: current?.objects.length ?? 0,
        kinds: reflectors.map((r) => r.status()),
      };
    },
    onChange(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      listeners.clear();
      await Promise.all(reflectors.map((r) => r.stop()));
    },
  };
}

/** A short reason for the status line: the socket error code, or the HTTP status and message. */
function reasonOf(error: KubeApiError): string {
  const message = error.message.replace(/^request to \S+ failed, reason: /, '');
  if (error.code && !message.includes(error.code)) return `${error.code}: ${message}`;
  if (error.status) return `HTTP ${error.status}: ${message}`;
  return message;
}

function byNamespaceName(a: KubeObject, b: KubeObject): number {
  const an = `${a.metadata.namespace ?? ''}/${a.metadata.name ?? ''}`;
  const bn = `${b.metadata.namespace ?? ''}/${b.metadata.name ?? ''}`;
  return an < bn ? -1 : an > bn ? 1 : 0;
}

/** Same objects at the same resourceVersions: a rebuild would change nothing. */
function sameObjects(a: readonly KubeObject[], b: readonly KubeObject[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((o, i) => {
    const p = b[i]!;
    return (
      o.kind === p.kind &&
      o.metadata.namespace === p.metadata.namespace &&
      o.metadata.name === p.metadata.name &&
      o.metadata.resourceVersion === p.metadata.resourceVersion
    );
  });
}
