import Link from 'next/link';
import type { Finding } from 'lib/engine/types';
import type { TourStep } from 'lib/tours/types';
import { FindingCard } from 'components/findings/finding-card';
import { LessonCard } from './lesson-card';

const VERDICT_WORD = {
  delivered: 'Delivered',
  degraded: 'Delivered, with warnings',
  dropped: 'Dropped',
} as const;

/**
 * An account of the hop longer than this (about five lines of the panel at 1280 px) already
 * fills the step: the general "What it is" folds under it so the step needs no scrolling.
 */
const LONG_EXPLAIN = 240;

/** The text of one tour step: short enough to fit its panel, the rest in disclosures. */
export function TourStepPanel({
  step,
  source,
  traceUrl,
  last,
  number,
}: {
  step: TourStep;
  /** 1-based, so a test can wait for the step it moved to. */
  number: number;
  source: string;
  traceUrl: string;
  last: boolean;
}) {
  const longExplain = step.type === 'hop' && (step.hop.explain?.length ?? 0) > LONG_EXPLAIN;
  // At the culprit the cause comes first; a long account of the hop opens on demand.
  const explainFolded = step.type === 'hop' && step.reveal !== undefined && longExplain;
  return (
    <article className="space-y-3" data-step-type={step.type} data-step={number}>
      <h2 className="text-base font-semibold break-words" id="tour-step-title">
        {step.title}
      </h2>
      {step.type === 'intro' &&
        step.paragraphs.map((p) => (
          <p key={p} className="text-sm leading-relaxed">
            {p}
          </p>
        ))}
      {step.type === 'hop' && (
        <>
          <p className="text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-300">
            Hop {step.position} · {step.lesson.title}
            {step.hop.verdict === 'drop'
              ? ' · ✖ packet dropped here'
              : step.hop.verdict === 'warn'
                ? ' · ▲ warning'
                : ''}
          </p>
          {step.hop.explain && !explainFolded && (
            <p className="text-sm leading-relaxed">{step.hop.explain}</p>
          )}
          {step.reveal && (
            <section
              className="space-y-2 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm leading-relaxed dark:border-amber-800 dark:bg-amber-950"
              data-testid="tour-reveal"
            >
              <h3 className="font-semibold">What was going on</h3>
              <p>{step.reveal[0]}</p>
              {/* What to watch retells the graph at this point: one click away. */}
              {step.reveal.length > 1 && (
                <details>
                  <summary className="cursor-pointer font-medium">What to watch on the graph</summary>
                  {step.reveal.slice(1).map((p) => (
                    <p key={p} className="mt-1">
                      {p}
                    </p>
                  ))}
                </details>
              )}
            </section>
          )}
          {explainFolded && (
            <details className="text-sm leading-relaxed">
              <summary className="cursor-pointer font-semibold">What happens at this hop</summary>
              <p className="mt-1">{step.hop.explain}</p>
            </details>
          )}
          <LessonCard
            lesson={step.lesson}
            here={step.here}
            brief={step.reveal !== undefined || step.findings.length > 0}
            foldWhat={longExplain}
          />
          {step.findings.length > 0 && (
            <section className="space-y-1.5">
              <h3 className="text-sm font-semibold">Found at this hop</h3>
              {step.findings.map((f, i) => (
                <FindingCard key={i} finding={f} source={source} headingLevel={4} fold="card" />
              ))}
            </section>
          )}
          {step.fixNext && (
            <p className="text-sm font-medium" data-testid="tour-fix-next">
              Next: what to do about it, with the commands that fix and verify it.
            </p>
          )}
        </>
      )}
      {step.type === 'fix' && (
        <>
          <p className="text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-300">
            Hop {step.position} · Fix and verify
          </p>
          {step.findings.map((f, i) =>
            i !== step.findings.findIndex((g) => g.severity !== 'info') ? (
              <FindingCard key={i} finding={f} source={source} fold="card" />
            ) : (
              <FindingCard key={i} finding={f} source={source} fixFirst fold="commands" />
            ),
          )}
        </>
      )}
      {step.type === 'summary' && (
        <>
          <p className="font-semibold" data-testid="tour-verdict">
            {VERDICT_WORD[step.verdict]}
          </p>
          {step.paragraphs.map((p) => (
            <p key={p} className="text-sm leading-relaxed">
              {p}
            </p>
          ))}
          {step.findings.length > 0 && (
            <section className="space-y-1.5">
              <h3 className="text-sm font-semibold">Findings on this path</h3>
              {step.findings
                .filter((f) => f.severity !== 'info')
                .map((f, i) => (
                  <FindingCard key={i} finding={f} source={source} headingLevel={4} fold="card" />
                ))}
              <InfoFindings findings={step.findings.filter((f) => f.severity === 'info')} source={source} />
            </section>
          )}
        </>
      )}
      {last && (
        <p
          className="rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900 dark:border-green-800 dark:bg-green-950 dark:text-green-100"
          data-testid="tour-complete"
        >
          ✓ Tour complete.{' '}
          <Link href={traceUrl} className="font-medium underline">
            Open this trace in the trace view
          </Link>
        </p>
      )}
    </article>
  );
}

/** Notes that need no action fold under one line, so the warnings and errors stay in view. */
function InfoFindings({ findings, source }: { findings: readonly Finding[]; source: string }) {
  if (findings.length === 0) return null;
  return (
    <details className="text-sm" data-testid="tour-info-findings">
      <summary className="cursor-pointer font-medium">
        {findings.length} more {findings.length === 1 ? 'finding' : 'findings'}, for information
      </summary>
      <div className="mt-1.5 space-y-1.5">
        {findings.map((f, i) => (
          <FindingCard key={i} finding={f} source={source} headingLevel={4} fold="card" />
        ))}
      </div>
    </details>
  );
}
