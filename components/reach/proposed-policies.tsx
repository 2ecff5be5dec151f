import Link from 'next/link';
import { stringify } from 'yaml';
import type { KubeObject } from 'lib/model/types';
import { CopyButton } from 'components/ui/copy-button';

/** The NetworkPolicies that would produce the allowed set on their own, to copy or try as a what-if. */
export function ProposedPolicies({
  objects,
  notes,
  whatIfHref,
}: {
  objects: readonly KubeObject[];
  notes: readonly string[];
  whatIfHref?: string;
}) {
  const yaml = objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');
  return (
    <section
      aria-labelledby="proposal-title"
      className="space-y-2 rounded-lg border border-slate-200 p-3 dark:border-slate-800"
      data-testid="proposed-policies"
    >
      <h2 id="proposal-title" className="text-base font-semibold">
        Policies that produce this allowed set ({objects.length})
      </h2>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        A default deny per namespace and one allow per allowed workload pair, selecting workloads by their
        stable labels. On their own (with today&apos;s NetworkPolicies removed) they allow the same
        workload-to-workload connections and nothing more.
      </p>
      {notes.length > 0 && (
        <ul className="list-disc pl-5 text-sm">
          {notes.slice(0, 8).map((n) => (
            <li key={n}>{n}</li>
          ))}
          {notes.length > 8 && <li>… and {notes.length - 8} more notes</li>}
        </ul>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <CopyButton text={yaml} label="Copy YAML" />
        {whatIfHref ? (
          <Link href={whatIfHref} className="text-sm text-blue-700 underline dark:text-blue-300">
            Try it as a what-if (replacing today&apos;s NetworkPolicies)
          </Link>
        ) : (
          <span className="text-sm text-slate-700 dark:text-slate-300">
            Too many objects for a what-if link; copy the YAML.
          </span>
        )}
      </div>
      <details>
        <summary className="cursor-pointer text-sm font-medium">YAML</summary>
        <pre className="mt-1 max-h-96 overflow-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-800">
          {yaml}
        </pre>
      </details>
    </section>
  );
}
