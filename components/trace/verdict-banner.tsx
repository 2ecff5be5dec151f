import type { Severity, TraceResult } from 'lib/engine/types';
import { hopPlace } from 'lib/engine/trace/hop-place';
import { SEVERITY_STYLE } from 'components/ui/severity';
import { culpritHop, findingsOfHop } from './path-graph';
import { CulpritButton } from './culprit-button';
import { revealHidden } from 'lib/model/hidden-chars';

const VERDICT: Readonly<Record<TraceResult['verdict'], { severity: Severity; word: string }>> = {
  dropped: { severity: 'error', word: 'Dropped' },
  degraded: { severity: 'warning', word: 'Degraded' },
  delivered: { severity: 'info', word: 'Delivered' },
};

/** The sentence the engine wrote, or one built from the culprit hop and its worst finding. */
export function verdictSentence(result: TraceResult): string {
  if (result.summary) {
    // The banner already says the verdict in capitals: "DROPPED dropped at …" reads as a stutter.
    const word = VERDICT[result.verdict].word.toLowerCase();
    return result.summary.toLowerCase().startsWith(`${word} `)
      ? result.summary.slice(word.length + 1)
      : result.summary;
  }
  const hop = result.hops.find((h) => h.id === culpritHop(result));
  if (!hop) return `Delivered through ${result.hops.length} hops with no blocking finding.`;
  const finding = findingsOfHop(hop, result.findings)[0];
  return `at ${hopPlace(hop)}${finding ? `: ${finding.title}` : ''}`;
}

export function VerdictBanner({ result }: { result: TraceResult }) {
  const { severity, word } = VERDICT[result.verdict];
  const style = SEVERITY_STYLE[severity];
  const culprit = result.verdict === 'delivered' ? undefined : culpritHop(result);
  return (
    <section
      aria-label="Verdict"
      className={`flex items-start gap-3 rounded-lg border px-4 py-2.5 ${style.badge}`}
      data-verdict={result.verdict}
    >
      <span className="text-xl leading-7" role="img" aria-label={style.label}>
        {style.icon}
      </span>
      <p className="min-w-0 flex-1 text-base leading-7">
        <strong className="mr-2 uppercase">{word}</strong>
        <span data-testid="verdict-sentence">{revealHidden(verdictSentence(result))}</span>
      </p>
      {culprit && <CulpritButton hopId={culprit} label="Show the fix" />}
    </section>
  );
}
