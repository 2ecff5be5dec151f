// One-shot read of every watched kind (the CLI's `snapshot` command): list each kind in
// pages, skip absent CRDs, report forbidden kinds with the RBAC rule to grant.

import type { ClusterSettings, KubeObject, Snapshot } from '../../model/types';
import { KubeApiError, LiveUnreachableError } from './errors';
import { apiVersionOf, rbacHint, WATCHED_KINDS, type WatchedKind } from './kinds';
import { loadKubeConfig, type KubeConfigOptions } from './kubeconfig';
import { listKind } from './list';
import type { KindStatus } from './reflector';

export interface CaptureOptions extends KubeConfigOptions {
  readonly pageSize?: number;
  readonly settings?: ClusterSettings;
  readonly kinds?: readonly WatchedKind[];
  /** Lists running at once (default 4: polite to a busy API server). */
  readonly concurrency?: number;
}

export interface CaptureReport {
  readonly snapshot: Snapshot;
  readonly context: string;
  readonly server: string;
  readonly kinds: readonly KindStatus[];
}

/** Reads the cluster once and reports, per kind, what was read. */
export async function captureSnapshotWithReport(options: CaptureOptions = {}): Promise<CaptureReport> {
  const { kc, context, server } = loadKubeConfig(options);
  const kinds = options.kinds ?? WATCHED_KINDS;
  const results: Array<{ status: KindStatus; items: KubeObject[] }> = new Array(kinds.length);
  let next = 0;
  let unreachable: KubeApiError | undefined;

  async function worker(): Promise<void> {
    while (next < kinds.length && !unreachable) {
      const i = next++;
      const k = kinds[i]!;
      try {
        const r = await listKind(kc, k, options.pageSize ?? 500);
        results[i] = {
          items: r.items,
          status: {
            id: k.id,
            kind: k.kind,
            apiVersion: apiVersionOf(k, r.version),
            state: 'synced',
            count: r.items.length,
          },
        };
      } catch (error) {
        const e = error instanceof KubeApiError ? error : new KubeApiError(String(error), '');
        if (e.unreachable) {
          unreachable = e;
          return;
        }
        const state = e.status === 403 ? 'forbidden' : e.status === 404 && k.optional ? 'absent' : 'error';
        const message =
          state === 'forbidden'
            ? rbacHint(k)
            : state === 'absent'
              ? 'not installed'
              : `${e.message} (${e.path})`;
        results[i] = { items: [], status: { id: k.id, kind: k.kind, state, count: 0, message } };
      }
    }
  }

  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  if (unreachable) {
    throw new LiveUnreachableError(
      `cannot reach the API server at ${server}: ${unreachable.message}`,
      server,
    );
  }
  const objects = results.flatMap((r) => r.items);
  return {
    context,
    server,
    kinds: results.map((r) => r.status),
    snapshot: {
      meta: { kind: 'live', title: `live: ${context}`, capturedAt: new Date().toISOString(), context },
      settings: options.settings ?? {},
      objects,
    },
  };
}

/** Reads the cluster once: the snapshot alone. */
export async function captureSnapshot(options: CaptureOptions = {}): Promise<Snapshot> {
  return (await captureSnapshotWithReport(options)).snapshot;
}
