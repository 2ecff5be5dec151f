'use client';

// The live source's state in the header: which cluster, when it was last in sync, and —
// when the API server is unreachable — a banner saying the view is stale. Polls
// /api/live through TanStack Query; the first render uses the status the server rendered with.

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import type { LiveDashboardStatus } from 'lib/ingest/live/runtime';
import { getLiveStatus } from 'components/api/client';

const POLL_MS = 5000;

function ago(iso: string | undefined, now: number): string {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  return new Date(iso).toLocaleString();
}

export function LiveStatusBadge({ initial }: { initial: LiveDashboardStatus }) {
  const {
    data: status,
    dataUpdatedAt,
    errorUpdatedAt,
  } = useQuery({
    queryKey: ['live-status'],
    queryFn: ({ signal }) => getLiveStatus(signal),
    initialData: initial,
    enabled: initial.enabled,
    refetchInterval: POLL_MS,
    // The dashboard server itself is away: the next poll tries again, no extra retries.
    retry: false,
  });
  // "synced 12s ago" counts from the last poll, answered or not.
  const now = Math.max(dataUpdatedAt, errorUpdatedAt);

  if (!status.enabled) return null;
  if (status.configError !== undefined) {
    return (
      <span
        role="status"
        data-testid="live-status"
        data-state="not-connected"
        className="rounded border border-red-300 bg-red-50 px-2 py-1 text-xs text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
      >
        ✖ Live cluster not connected: {status.configError}
      </span>
    );
  }
  const forbidden = status.kinds.filter((k) => k.state === 'forbidden');
  const detail = `${status.server}${forbidden.length ? ` · not allowed to read: ${forbidden.map((k) => k.kind).join(', ')}` : ''}`;
  if (status.stale) {
    return (
      <Link
        href="/live"
        role="alert"
        data-testid="live-status"
        data-state="stale"
        title={`${detail} · ${status.error ?? 'no answer'}`}
        className="rounded border border-amber-400 bg-amber-50 px-2 py-1 text-xs text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
      >
        ▲ Live <strong>{status.context}</strong> unreachable: showing the state of{' '}
        {ago(status.snapshotAt, now)}
      </Link>
    );
  }
  return (
    <Link
      href="/live"
      data-testid="live-status"
      data-state={status.state}
      title={detail}
      className="rounded border border-emerald-400 bg-emerald-50 px-2 py-1 text-xs text-emerald-950 hover:underline dark:border-emerald-700 dark:bg-emerald-950 dark:text-emerald-100"
    >
      ● Live <strong>{status.context}</strong>
      {status.state === 'connecting' ? ': connecting…' : `: synced ${ago(status.lastSyncAt, now)}`}
      {forbidden.length > 0 && (
        <span className="ml-1 font-semibold text-red-800 dark:text-red-300">
          · ✖ {forbidden.length} {forbidden.length === 1 ? 'kind' : 'kinds'} not readable
        </span>
      )}
    </Link>
  );
}
