import Link from 'next/link';
import type { Finding, Severity } from 'lib/engine/types';
import { SEVERITY_STYLE } from 'components/ui/severity';

const ORDER: readonly Severity[] = ['error', 'warning', 'info'];

/**
 * The source's snapshot-wide findings as a chip beside the verdict: a trace can pass while
 * the snapshot it runs on has a blocker elsewhere. Opening it lists them; the lint page has the rest.
 */
export function LintChip({ findings, source }: { findings: readonly Finding[]; source: string }) {
  const counts = ORDER.map((s) => [s, findings.filter((f) => f.severity === s).length] as const).filter(
    ([, n]) => n > 0,
  );
  const worst = counts[0]?.[0];
  return (
    <details className="relative" data-testid="lint-chip" data-count={findings.length}>
      <summary
        className={`cursor-pointer list-none rounded-full border px-3 py-1 text-sm font-medium ${
          worst ? SEVERITY_STYLE[worst].badge : 'border-slate-300 dark:border-slate-600'
        }`}
      >
        Lint:{' '}
        {counts.length
          ? counts.map(([s, n]) => `${n} ${s === 'info' ? 'info' : `${s}${n === 1 ? '' : 's'}`}`).join(', ')
          : 'no findings'}
      </summary>
      <div className="absolute right-0 z-20 mt-1 w-[28rem] max-w-[80vw] rounded-md border border-slate-200 bg-white p-3 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900">
        {findings.length === 0 ? (
          <p>The snapshot-wide checks found nothing.</p>
        ) : (
          <ul className="max-h-80 space-y-1.5 overflow-y-auto" data-testid="lint-chip-list">
            {findings.map((f, i) => (
              <li key={i} className="flex gap-2">
                <span
                  className={SEVERITY_STYLE[f.severity].text}
                  role="img"
                  aria-label={SEVERITY_STYLE[f.severity].label}
                >
                  {SEVERITY_STYLE[f.severity].icon}
                </span>
                <span className="min-w-0">
                  {f.title} <code className="text-xs text-slate-600 dark:text-slate-300">{f.code}</code>
                </span>
              </li>
            ))}
          </ul>
        )}
        <Link
          href={`/lint?source=${encodeURIComponent(source)}`}
          className="mt-2 inline-block text-blue-800 underline dark:text-blue-300"
        >
          Open the lint page
        </Link>
      </div>
    </details>
  );
}
