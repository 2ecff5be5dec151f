import type { Metadata } from 'next';
import { lintOf } from 'lib/server/lint-cache';
import type { Finding, Severity } from 'lib/engine/types';
import { defaultSourceId, getSource } from 'lib/server';
import { userError } from 'lib/server/http';
import { paramsOf, parseQuery, sourceOnlySchema } from 'lib/server/validate';
import { FindingCard } from 'components/findings/finding-card';
import { whatIfHref } from 'components/whatif/whatif-href';
import { fixChanges } from 'lib/engine/whatif/fix-changes';
import { ErrorNote } from 'components/ui/error-note';
import { SEVERITY_STYLE } from 'components/ui/severity';

export const metadata: Metadata = { title: 'Lint' };

const ORDER: readonly Severity[] = ['error', 'warning', 'info'];

export default async function LintPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  let findings: readonly Finding[] = [];
  let fixHrefs: (string | undefined)[] = [];
  let source = defaultSourceId();
  try {
    const q = parseQuery(sourceOnlySchema, paramsOf(await searchParams));
    source = q.source ?? source;
    const { model } = await getSource(source);
    findings = lintOf(model).findings;
    const from = source;
    fixHrefs = findings.map((f) => {
      const fix = fixChanges(model, f);
      return fix ? whatIfHref(from, undefined, { apply: fix.apply, delete: [] }) : undefined;
    });
  } catch (err) {
    const problem = userError(err);
    if (!problem) throw err;
    return <ErrorNote title={problem.error} detail={problem.detail} />;
  }
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Lint</h1>
        <p className="text-sm text-slate-700 dark:text-slate-300">
          Snapshot-wide findings for <code className="font-mono">{source}</code>: {findings.length} in total.
        </p>
      </div>
      {findings.length === 0 && <p>No findings: nothing in this snapshot looks broken or risky.</p>}
      {ORDER.map((severity) => {
        const group = findings.filter((f) => f.severity === severity);
        if (group.length === 0) return null;
        const style = SEVERITY_STYLE[severity];
        return (
          <section key={severity} aria-labelledby={`lint-${severity}`} data-severity-group={severity}>
            <h2 id={`lint-${severity}`} className={`mb-2 text-lg font-semibold ${style.text}`}>
              <span aria-hidden="true">{style.icon} </span>
              {style.label === 'Info' ? 'Information' : `${style.label}s`} ({group.length})
            </h2>
            <div className="space-y-3">
              {group.map((f, i) => (
                <FindingCard
                  key={`${f.code}-${i}`}
                  finding={f}
                  source={source}
                  {...(fixHrefs[findings.indexOf(f)] ? { fixHref: fixHrefs[findings.indexOf(f)]! } : {})}
                />
              ))}
            </div>
          </section>
        );
      })}
    </div>
  );
}
