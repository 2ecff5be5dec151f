// One kind's list + watch loop: list (paged) to get a consistent state and its
// resourceVersion, then watch from there with bookmarks; relist on 410 Gone; back off
// with jitter on errors while keeping the last good objects. A 404 on an optional (CRD)
// kind means "not installed" and a 403 means "not allowed": both are states, not
// failures, and are checked again now and then (a CRD or a RoleBinding may appear).

import { Watch, type KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '../../model/types';
import { Backoff, sleep, type BackoffOptions } from './backoff';
import { KubeApiError } from './errors';
import { listKind, normalizeObject } from './list';
import { apiVersionOf, collectionPath, collectionQuery, rbacHint, type WatchedKind } from './kinds';

export type KindState = 'pending' | 'synced' | 'absent' | 'forbidden' | 'error';

export interface KindStatus {
  readonly id: string;
  readonly kind: string;
  /** The served apiVersion once known. */
  readonly apiVersion?: string;
  readonly state: KindState;
  readonly count: number;
  /** Why the kind is absent / forbidden / failing; for forbidden, the RBAC rule to grant. */
  readonly message?: string;
}

export interface ReflectorOptions {
  readonly pageSize: number;
  readonly backoff: BackoffOptions;
  /** Server-side watch timeout; a client watchdog ends a silent watch 30 s after it. */
  readonly watchTimeoutSeconds: number;
  /** How long to wait before checking an absent or forbidden kind again. */
  readonly recheckMs: number;
}

export interface ReflectorEvents {
  /** The object set changed. */
  changed(): void;
  /** A request succeeded (contact with the server) or failed; `unreachable` = no usable answer. */
  outcome(ok: boolean, error?: KubeApiError): void;
}

class GoneError extends Error {}

const key = (o: KubeObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;

export class Reflector {
  private objects = new Map<string, KubeObject>();
  private state: KindState = 'pending';
  private message: string | undefined;
  private version: string | undefined;
  private resourceVersion = '';
  private readonly stopper = new AbortController();
  private readonly backoff: Backoff;
  private watchAbort: AbortController | undefined;
  /** True once the server has answered this kind in a way that will not change by retrying soon. */
  private answered = false;
  private unreachable = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly kc: KubeConfig,
    readonly kind: WatchedKind,
    private readonly options: ReflectorOptions,
    private readonly events: ReflectorEvents,
  ) {
    this.backoff = new Backoff(options.backoff);
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    this.watchAbort?.abort();
    await this.loop;
  }

  /** The server answered (synced, absent, forbidden, or a definite error such as 401). */
  get settled(): boolean {
    return this.answered;
  }

  /** The last request failed for want of an answer from the server. */
  get isUnreachable(): boolean {
    return this.unreachable;
  }

  list(): KubeObject[] {
    return [...this.objects.values()];
  }

  status(): KindStatus {
    return {
      id: this.kind.id,
      kind: this.kind.kind,
      apiVersion: this.version ? apiVersionOf(this.kind, this.version) : undefined,
      state: this.state,
      count: this.objects.size,
      message: this.message,
    };
  }

  private get stopped(): boolean {
    return this.stopper.signal.aborted;
  }

  private async run(): Promise<void> {
    let needList = true;
    while (!this.stopped) {
      try {
        if (needList) {
          await this.relist();
          needList = false;
        }
        const started = Date.now();
        await this.watchOnce();
        // A watch the server ends at once, again and again, must not become a hot loop.
        if (Date.now() - started < 1000) await sleep(this.backoff.next(), this.stopper.signal);
        else this.backoff.reset();
      } catch (error) {
        if (this.stopped) break;
        if (error instanceof GoneError || (error instanceof KubeApiError && error.status === 410)) {
          needList = true; // our resourceVersion is too old: start over from a fresh list
          continue;
        }
        const wait = this.fail(error);
        // After a plain failure, resume watching from the last resourceVersion (a 410 will
        // say when that is too old); an absent or forbidden kind starts over with a list.
        needList = this.state !== 'error' || !this.resourceVersion;
        await sleep(wait, this.stopper.signal);
      }
    }
  }

  /** Records a failure and returns how long to wait before the next try. */
  private fail(error: unknown): number {
    const apiError =
      error instanceof KubeApiError
        ? error
        : new KubeApiError(error instanceof Error ? error.message : String(error), '');
    const forbidden = apiError.status === 403;
    const absent = apiError.status === 404 && this.kind.optional;
    this.unreachable = apiError.unreachable;
    if (!apiError.unreachable) this.answered = true;
    if (forbidden || absent) {
      this.events.outcome(true);
      this.replace([]);
      this.state = forbidden ? 'forbidden' : 'absent';
      this.message = forbidden
        ? rbacHint(this.kind)
        : `not installed (no ${this.kind.versions.map((v) => apiVersionOf(this.kind, v)).join(' or ')} served)`;
      this.backoff.reset();
      return this.options.recheckMs;
    }
    this.state = 'error';
    this.message = apiError.message;
    this.events.outcome(!apiError.unreachable, apiError);
    // A server that says when to come back (429, 5xx with Retry-After) is not asked sooner.
    return Math.max(this.backoff.next(), apiError.retryAfterMs ?? 0);
  }

  private async relist(): Promise<void> {
    const result = await listKind(
      this.kc,
      this.kind,
      this.options.pageSize,
      this.stopper.signal,
      this.version,
    );
    this.version = result.version;
    this.resourceVersion = result.resourceVersion;
    this.replace(result.items);
    this.markSynced();
  }

  private markSynced(): void {
    this.state = 'synced';
    this.message = undefined;
    this.answered = true;
    this.unreachable = false;
    this.events.outcome(true);
  }

  /** Replaces the object set, signalling a change only when something differs. */
  private replace(items: KubeObject[]): void {
    const next = new Map(items.map((o) => [key(o), o] as const));
    let changed = next.size !== this.objects.size;
    if (!changed) {
      for (const [k, o] of next) {
        const old = this.objects.get(k);
        if (!old || old.metadata.resourceVersion !== o.metadata.resourceVersion) {
          changed = true;
          break;
        }
      }
    }
    this.objects = next;
    if (changed) this.events.changed();
  }

  private watchOnce(): Promise<void> {
    const version = this.version ?? this.kind.versions[0]!;
    const path = collectionPath(this.kind, version);
    const timeout = this.options.watchTimeoutSeconds;
    const params = {
      ...collectionQuery(this.kind),
      resourceVersion: this.resourceVersion,
      allowWatchBookmarks: true,
      // Spread server-side timeouts so the watches of many kinds do not all renew at once.
      timeoutSeconds: Math.round(timeout * (1 + Math.random() * 0.25)),
    };
    return new Promise<void>((resolve, reject) => {
      let gone = false;
      let settled = false;
      const finish = (error?: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(watchdog);
        this.stopper.signal.removeEventListener('abort', onStop);
        // Close the stream whatever ended the watch (an ERROR event leaves it open).
        this.watchAbort?.abort();
        this.watchAbort = undefined;
        if (gone) reject(new GoneError());
        else if (error && !this.stopped && !isAbort(error)) reject(toApiError(error, path));
        else resolve();
      };
      // Ends a watch that outlives its server-side timeout: a half-open connection.
      const watchdog = setTimeout(
        () => {
          this.watchAbort?.abort();
          finish();
        },
        (params.timeoutSeconds + 30) * 1000,
      );
      // stop() must not wait for a watch whose response has not even started.
      const onStop = (): void => finish();
      this.stopper.signal.addEventListener('abort', onStop, { once: true });
      const onEvent = (type: string, raw: unknown): void => {
        if (settled) return;
        if (type === 'ERROR') {
          const status = raw as { code?: number; message?: string };
          if (status?.code === 410) gone = true;
          else finish(new KubeApiError(status?.message ?? 'watch error', path, status?.code));
          return;
        }
        const rv = (raw as { metadata?: { resourceVersion?: string } })?.metadata?.resourceVersion;
        if (type === 'BOOKMARK') {
          if (rv) this.resourceVersion = rv;
          this.markSynced();
          return;
        }
        const obj = normalizeObject(raw, this.kind, version);
        if (!obj) return;
        if (type === 'ADDED' || type === 'MODIFIED') this.objects.set(key(obj), obj);
        else if (type === 'DELETED') this.objects.delete(key(obj));
        else return;
        if (rv) this.resourceVersion = rv;
        this.events.outcome(true);
        this.events.changed();
      };
      new Watch(this.kc)
        .watch(path, params, onEvent, (error: unknown) => finish(error))
        .then((controller) => {
          if (settled || this.stopped) {
            controller.abort();
            return;
          }
          // The server accepted the watch: this kind is live again.
          this.watchAbort = controller;
          this.markSynced();
        })
        .catch((error: unknown) => finish(error));
    });
  }
}

function isAbort(error: unknown): boolean {
  return !!error && typeof error === 'object' && (error as { name?: string }).name === 'AbortError';
}

function toApiError(error: unknown, path: string): KubeApiError {
  if (error instanceof KubeApiError) return error;
  const e = error as { message?: string; statusCode?: number; code?: string };
  return new KubeApiError(e?.message ?? String(error), path, e?.statusCode, undefined, e?.code);
}
