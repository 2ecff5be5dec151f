import Link from 'next/link';
import type { TourStep } from 'lib/tours/types';
import { FindingCard } from 'components/findings/finding-card';
import { LessonCard } from './lesson-card';

const VERDICT_WORD = {
  delivered: 'Delivered',
  degraded: 'Delivered, with warnings',
  dropped: 'Dropped',
} as const;

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
          {step.hop.explain && <p className="text-sm leading-relaxed">{step.hop.explain}</p>}
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
          <LessonCard
            lesson={step.lesson}
            here={step.here}
            brief={step.reveal !== undefined || step.findings.length > 0}
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
              {step.findings.map((f, i) => (
                <FindingCard key={i} finding={f} source={source} headingLevel={4} fold="card" />
              ))}
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
