import Link from 'next/link';
import type { TourStep } from 'lib/tours/types';
import { FindingCard } from 'components/findings/finding-card';
import { LessonCard } from './lesson-card';

const VERDICT_WORD = {
  delivered: 'Delivered',
  degraded: 'Delivered, with warnings',
  dropped: 'Dropped',
} as const;

/** The text of one tour step. */
export function TourStepPanel({
  step,
  source,
  traceUrl,
  last,
}: {
  step: TourStep;
  source: string;
  traceUrl: string;
  last: boolean;
}) {
  return (
    <article className="space-y-3" data-step-type={step.type}>
      <h2 className="text-lg font-semibold break-words" id="tour-step-title">
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
              {step.reveal.map((p) => (
                <p key={p}>{p}</p>
              ))}
            </section>
          )}
          <LessonCard lesson={step.lesson} here={step.here} />
          {step.findings.length > 0 && (
            <section className="space-y-2">
              <h3 className="font-semibold">Found at this hop</h3>
              {step.findings.map((f) => (
                <FindingCard key={`${f.code}-${f.title}`} finding={f} source={source} headingLevel={4} />
              ))}
            </section>
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
          {step.findings.map((f) => (
            <FindingCard key={`${f.code}-${f.title}`} finding={f} source={source} headingLevel={3} />
          ))}
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
