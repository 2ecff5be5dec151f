import Link from 'next/link';
import type { Finding } from 'lib/engine/types';
import { SEVERITY_STYLE, SeverityBadge } from 'components/ui/severity';
import { EvidenceLink } from './evidence-link';
import { FixText, splitFix } from './fix-text-view';
import { VerifySteps } from './verify-steps';
import { revealHidden } from 'lib/model/hidden-chars';

/** One finding: what, why (evidence objects and fields), the fix and how to verify. */
export function FindingCard({
  finding,
  source,
  headingLevel = 3,
  fixHref,
  fixFirst = false,
  fold,
}: {
  finding: Finding;
  source: string;
  headingLevel?: 2 | 3 | 4;
  /** The what-if that carries out this finding's fix, when its fix is an object change. */
  fixHref?: string;
  /** Fix and Verify right under the title, before the detail and the evidence (the culprit hop). */
  fixFirst?: boolean;
  /**
   * For a panel that must fit one screen (the tour): `commands` folds the evidence and the
   * fix and verify commands into disclosures, `card` folds the whole card under its title.
   */
  fold?: 'commands' | 'card';
}) {
  const H = `h${headingLevel}` as 'h2' | 'h3' | 'h4';
  const folded = fold !== undefined;
  const { lead, rest } = splitFix(finding.fix ?? '');
  const fixCommands = rest.filter((b) => b.kind === 'command').length;
  const commandCount = (folded ? fixCommands : 0) + finding.verify.length;
  const fix = finding.fix && (
    <>
      <div className="mt-2 flex items-center justify-between gap-2">
        <p className="text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-300">
          Fix
        </p>
        {fixHref && (
          <Link
            href={fixHref}
            className="rounded-md border border-blue-700 px-2 py-0.5 text-xs font-semibold text-blue-800 hover:bg-blue-50 dark:border-blue-400 dark:text-blue-200 dark:hover:bg-blue-950"
            data-testid="try-fix"
          >
            Try the fix
          </Link>
        )}
      </div>
      {folded ? <FixText fix={finding.fix} blocks={lead} /> : <FixText fix={finding.fix} />}
    </>
  );
  const verifyBlock = finding.verify.length > 0 && (
    <>
      <p className="mt-2 text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-300">
        Verify
      </p>
      <VerifySteps
        commands={finding.verify}
        testId="finding-verify"
        {...(finding.verifySteps ? { steps: finding.verifySteps } : {})}
      />
    </>
  );
  // Folded, the commands (the rest of the fix from its first command, then Verify) open on demand.
  const verify = folded
    ? commandCount > 0 && (
        <details className="mt-2" data-testid="finding-commands">
          <summary className="cursor-pointer text-sm font-medium">Show commands ({commandCount})</summary>
          {rest.length > 0 && <FixText fix={finding.fix ?? ''} blocks={rest} testId="finding-fix-commands" />}
          {verifyBlock}
        </details>
      )
    : verifyBlock;
  const evidence = finding.evidence.length > 0 && (
    <ul className="mt-1 space-y-1 text-sm">
      {finding.evidence.map((e, i) => (
        <li key={i} className="break-words">
          <EvidenceLink source={source} evidence={e} />{' '}
          <code className="font-mono text-xs">{revealHidden(e.field)}</code> ={' '}
          <code className="rounded bg-slate-100 px-1 font-mono text-xs dark:bg-slate-800">
            {revealHidden(e.value)}
          </code>
        </li>
      ))}
    </ul>
  );
  const body = (
    <>
      {fixFirst && fix}
      {fixFirst && verify}
      {folded && fixFirst ? (
        // The fix leads; why (the detail and its evidence) is one click away.
        <details className="mt-2">
          <summary className="cursor-pointer text-sm font-medium">
            Why{finding.evidence.length > 0 ? `, with evidence (${finding.evidence.length})` : ''}
          </summary>
          <p className="mt-1 text-sm">{revealHidden(finding.detail)}</p>
          {evidence}
        </details>
      ) : (
        <>
          <p className={`text-sm ${fixFirst ? 'mt-3' : 'mt-1'}`}>{revealHidden(finding.detail)}</p>
          {evidence &&
            (folded ? (
              <details className="mt-2">
                <summary className="cursor-pointer text-sm font-medium">
                  Evidence ({finding.evidence.length})
                </summary>
                {evidence}
              </details>
            ) : (
              <>
                <p className="mt-2 text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-300">
                  Evidence
                </p>
                {evidence}
              </>
            ))}
        </>
      )}
      {!fixFirst && fix}
      {!fixFirst && verify}
    </>
  );
  // overflow-wrap is inherited: a 10,000-character name in any line of the card breaks
  // instead of running past the page.
  const frame = `rounded-md border-l-4 bg-white shadow-sm [overflow-wrap:anywhere] dark:bg-slate-900 ${SEVERITY_STYLE[finding.severity].ring}`;
  if (fold === 'card')
    return (
      <details className={frame} data-finding={finding.code} data-finding-fold="card">
        <summary className="cursor-pointer px-3 py-1.5">
          <SeverityBadge severity={finding.severity} />{' '}
          <H className="inline text-sm font-semibold">{revealHidden(finding.title)}</H>
        </summary>
        <div className="px-3 pb-3">
          <code className="text-xs text-slate-600 dark:text-slate-300">{finding.code}</code>
          {body}
        </div>
      </details>
    );
  return (
    <article
      className={`${frame} p-3`}
      data-finding={finding.code}
      data-fix-first={fixFirst ? 'true' : undefined}
    >
      <div className="flex flex-wrap items-center gap-2">
        <SeverityBadge severity={finding.severity} />
        <code className="text-xs text-slate-600 dark:text-slate-300">{finding.code}</code>
      </div>
      <H className="mt-1 font-semibold">{revealHidden(finding.title)}</H>
      {body}
    </article>
  );
}
