import type { Removal } from 'lib/store/redact';

function refText(r: Removal): string {
  return `${r.ref.kind} ${r.ref.namespace ? `${r.ref.namespace}/` : ''}${r.ref.name}`;
}

/** What redaction took out of the frozen snapshot, so the sharer knows what the link does not carry. */
export function RemovedList({ removed }: { removed: readonly Removal[] }) {
  if (removed.length === 0)
    return <p className="text-sm">Nothing sensitive was found; the snapshot is shared as it is.</p>;
  return (
    <details className="text-sm" data-testid="share-removed">
      <summary className="cursor-pointer">
        Removed before sharing: <strong>{removed.length}</strong> item{removed.length === 1 ? '' : 's'}{' '}
        (Secrets, environment values, annotations and ConfigMap data the trace does not need)
      </summary>
      <ul className="mt-2 max-h-48 space-y-1 overflow-auto pl-4">
        {removed.map((r, i) => (
          <li key={i} className="list-disc break-words">
            <span className="font-medium">{refText(r)}</span>{' '}
            <code className="font-mono text-xs">{r.field}</code>: {r.reason}
          </li>
        ))}
      </ul>
    </details>
  );
}
