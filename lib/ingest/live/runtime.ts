// The dashboard's one live source per server process, switched on by environment:
//   PACKETPATH_LIVE=1              start the live source (off by default: the demo needs no cluster)
//   PACKETPATH_KUBECONFIG=FILE     kubeconfig to use (else KUBECONFIG, ~/.kube/config, in-cluster)
//   PACKETPATH_KUBE_CONTEXT=NAME   context (else the kubeconfig's current context)
// The source is kept on globalThis so every route bundle of the Next server shares it.

import type { Snapshot } from '../../model/types';
import { startLiveSource, type LiveSource, type LiveStatus } from './live-source';

export interface LiveSettings {
  readonly enabled: boolean;
  readonly kubeconfig?: string;
  readonly context?: string;
}

export type LiveDashboardStatus =
  | { readonly enabled: false }
  /** Switched on, but could not start (no kubeconfig, unknown context). */
  | { readonly enabled: true; readonly configError: string }
  | ({ readonly enabled: true; readonly configError?: undefined } & LiveStatus);

export function liveSettingsFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): LiveSettings {
  const flag = (env.PACKETPATH_LIVE ?? '').trim().toLowerCase();
  return {
    enabled: flag === '1' || flag === 'true' || flag === 'yes',
    kubeconfig: env.PACKETPATH_KUBECONFIG?.trim() || undefined,
    context: env.PACKETPATH_KUBE_CONTEXT?.trim() || undefined,
  };
}

interface Holder {
  source?: LiveSource;
  error?: string;
  started?: boolean;
}
const KEY = Symbol.for('packetpath.live');
const holder = ((globalThis as { [KEY]?: Holder })[KEY] ??= {});

/** Starts the live source once, when enabled; returns it (undefined when off or misconfigured). */
export function ensureLiveSource(settings: LiveSettings = liveSettingsFromEnv()): LiveSource | undefined {
  if (!settings.enabled) return undefined;
  if (!holder.started) {
    holder.started = true;
    try {
      holder.source = startLiveSource({ kubeconfig: settings.kubeconfig, context: settings.context });
    } catch (error) {
      holder.error = error instanceof Error ? error.message : String(error);
    }
  }
  return holder.source;
}

/** What the dashboard shows about the live source. */
export function liveStatus(): LiveDashboardStatus {
  const settings = liveSettingsFromEnv();
  if (!settings.enabled) return { enabled: false };
  const source = ensureLiveSource(settings);
  if (!source) return { enabled: true, configError: holder.error ?? 'the live source did not start' };
  return { enabled: true, ...source.status() };
}

/**
 * Readiness of the live source: ready when live is off, or once a first complete
 * snapshot exists (a stale one still counts: serving the last good state beats
 * taking the dashboard out of its Service while the API server is away).
 */
export function liveReadiness(): { readonly ok: boolean; readonly detail: string } {
  const status = liveStatus();
  if (!status.enabled) return { ok: true, detail: 'live source off' };
  if (status.configError !== undefined) return { ok: false, detail: status.configError };
  if (status.state === 'connecting') return { ok: false, detail: `connecting to ${status.server}` };
  return { ok: true, detail: status.stale ? `stale: ${status.error ?? 'unreachable'}` : 'synced' };
}

/** The latest snapshot, waiting up to `waitMs` for the first one after start. */
export async function liveSnapshot(waitMs = 15_000): Promise<Snapshot | undefined> {
  const source = ensureLiveSource();
  if (!source) return undefined;
  const now = source.snapshot();
  if (now || waitMs <= 0) return now;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      off();
      resolve(source.snapshot());
    }, waitMs);
    const off = source.onChange((s) => {
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

/** For tests: stop and forget the process's live source. */
export async function resetLiveSourceForTest(): Promise<void> {
  await holder.source?.stop();
  delete holder.source;
  delete holder.error;
  delete holder.started;
}
