import type { Metadata } from 'next';
import Link from 'next/link';
import { liveStatus } from 'lib/ingest/live/runtime';
import type { KindStatus } from 'lib/ingest/live/reflector';

export const metadata: Metadata = { title: 'Live cluster' };
export const dynamic = 'force-dynamic';

// What each per-kind state means to the person reading the page.
const STATE_TEXT: Readonly<
  Record<KindStatus['state'], { readonly icon: string; readonly label: string; readonly tone: string }>
> = {
  synced: { icon: '●', label: 'read', tone: 'text-emerald-800 dark:text-emerald-300' },
  absent: { icon: '○', label: 'not installed', tone: 'text-slate-700 dark:text-slate-300' },
  forbidden: { icon: '✖', label: 'forbidden', tone: 'text-red-800 dark:text-red-300' },
  error: { icon: '▲', label: 'failing', tone: 'text-amber-900 dark:text-amber-300' },
  pending: { icon: '…', label: 'reading', tone: 'text-slate-700 dark:text-slate-300' },
};

function when(iso: string | undefined): string {
  return iso
    ? new Date(iso)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC')
    : 'never';
}

export default function LivePage() {
  const status = liveStatus();
  if (!status.enabled) {
    return (
      <div className="max-w-3xl space-y-4">
        <h1 className="text-2xl font-bold">Live cluster</h1>
        <p>
          This dashboard does not read a live cluster. Start it with{' '}
          <code className="font-mono">PACKETPATH_LIVE=1</code> to read the cluster of your kubeconfig (or the
          in-cluster service account) read-only, with list and watch; pick a file with{' '}
          <code className="font-mono">PACKETPATH_KUBECONFIG</code> and a context with{' '}
          <code className="font-mono">PACKETPATH_KUBE_CONTEXT</code>.
        </p>
        <p>
          Without access from here, capture the cluster with{' '}
          <code className="font-mono">npx packetpath snapshot -o cluster.json</code> or a plain{' '}
          <code className="font-mono">kubectl get … -o yaml</code> dump, and{' '}
          <Link className="underline" href="/upload">
            upload it
          </Link>
          .
        </p>
      </div>
    );
  }
  if (status.configError !== undefined) {
    return (
      <div className="max-w-3xl space-y-4">
        <h1 className="text-2xl font-bold">Live cluster</h1>
        <p
          role="alert"
          className="rounded border border-red-300 bg-red-50 p-3 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
        >
          ✖ Not connected: {status.configError}
        </p>
      </div>
    );
  }
  const forbidden = status.kinds.filter((k) => k.state === 'forbidden');
  return (
    <div className="max-w-5xl space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">Live cluster: {status.context}</h1>
        <p className="text-sm text-slate-700 dark:text-slate-300">
          {status.server} · {status.objectCount} objects · last in sync {when(status.lastSyncAt)} · state{' '}
          {status.stale ? 'stale' : status.state}
        </p>
        <p>
          <Link
            className="font-semibold text-blue-800 underline dark:text-blue-300"
            href="/trace?source=live"
          >
            Trace on this cluster
          </Link>
        </p>
      </div>
      {status.stale && (
        <p
          role="alert"
          className="rounded border border-amber-400 bg-amber-50 p-3 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
        >
          ▲ The API server does not answer ({status.error ?? 'no answer'}): traces use the state of{' '}
          {when(status.snapshotAt)}.
        </p>
      )}
      {forbidden.length > 0 && (
        <div
          role="alert"
          data-testid="live-forbidden"
          className="rounded border border-red-300 bg-red-50 p-3 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
        >
          <p className="font-semibold">
            ✖ {forbidden.length === 1 ? 'One kind is' : `${forbidden.length} kinds are`} not readable with
            this identity
          </p>
          <p className="text-sm">
            Paths that need them are traced without them. Add these rules to the ClusterRole bound to it:
          </p>
          <ul className="mt-1 list-disc pl-6 text-sm">
            {forbidden.map((k) => (
              <li key={k.id}>
                {k.kind}: <code className="font-mono">{k.message}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      <table className="w-full border-collapse text-sm" data-testid="live-kinds">
        <caption className="sr-only">What the live source reads, per kind</caption>
        <thead>
          <tr className="border-b border-slate-300 text-left dark:border-slate-700">
            <th scope="col" className="py-1 pr-3">
              Kind
            </th>
            <th scope="col" className="py-1 pr-3">
              API version
            </th>
            <th scope="col" className="py-1 pr-3">
              State
            </th>
            <th scope="col" className="py-1 pr-3 text-right">
              Objects
            </th>
            <th scope="col" className="py-1">
              Note
            </th>
          </tr>
        </thead>
        <tbody>
          {status.kinds.map((k) => {
            const s = STATE_TEXT[k.state];
            return (
              <tr
                key={k.id}
                data-kind={k.kind}
                data-state={k.state}
                className="border-b border-slate-200 dark:border-slate-800"
              >
                <td className="py-1 pr-3 font-mono">{k.kind}</td>
                <td className="py-1 pr-3 font-mono">{k.apiVersion ?? '—'}</td>
                <td className={`py-1 pr-3 ${s.tone}`}>
                  {s.icon} {s.label}
                </td>
                <td className="py-1 pr-3 text-right">{k.state === 'synced' ? k.count : '—'}</td>
                <td className="py-1">{k.message ?? ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
