import { CopyButton } from 'components/ui/copy-button';

/** How to get a dump: `packetpath snapshot` next to the cluster, or plain kubectl (air-gapped). */
export function DumpCommands({ kubectl, snapshot }: { kubectl: string; snapshot: string }) {
  return (
    <div className="space-y-3 text-sm" data-testid="dump-commands">
      <div className="flex flex-wrap items-center gap-2">
        <span>With packetpath next to the cluster (one file, every kind it reads):</span>
        <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono dark:bg-slate-800">{snapshot}</code>
        <CopyButton text={snapshot} label="Copy the snapshot command" />
      </div>
      <details className="rounded-lg border border-slate-200 dark:border-slate-800">
        <summary className="cursor-pointer px-3 py-2 font-medium">
          Air-gapped: the same kinds with plain kubectl (CRDs included, no Secrets)
        </summary>
        <div className="space-y-2 border-t border-slate-200 p-3 dark:border-slate-800">
          <div className="flex items-center justify-between gap-2">
            <span>Run in a shell with the cluster&apos;s context, then upload every file in dump/.</span>
            <CopyButton text={kubectl} label="Copy the kubectl commands" />
          </div>
          <pre className="max-h-80 overflow-auto rounded bg-slate-50 p-3 font-mono text-xs dark:bg-slate-900">
            <code>{kubectl}</code>
          </pre>
        </div>
      </details>
    </div>
  );
}
