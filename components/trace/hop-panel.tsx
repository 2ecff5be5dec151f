'use client';

import type { Finding, Hop } from 'lib/engine/types';
import { FindingCard } from 'components/findings/finding-card';
import { VerifySteps } from 'components/findings/verify-steps';
import { SEVERITY_STYLE } from 'components/ui/severity';
import { HOP_KINDS } from './hop-kinds';
import { innerMtuNote } from 'lib/engine/trace/fact-words';
import { factRows } from './fact-rows';
import { PolicyChain } from './policy-chain';
import { findingsOfHop, hopSeverity, isReached, shareLabel } from './path-graph';
import { useHopSelection } from './selection';
import { ASSUMED_FACT, IPBLOCK_FACT, SEEN_SOURCE_FACT } from 'lib/engine/trace/facts';
import { revealHidden } from 'lib/model/hidden-chars';

/**
 * What the receiver sees as the source (after every NAT on the way), and the assumption a
 * CNI-dependent verdict rests on: the two facts people look for first, above the table.
 */
function KeyFacts({ hop }: { hop: Hop }) {
  const seen = hop.facts?.[SEEN_SOURCE_FACT];
  const assumed = hop.facts?.[ASSUMED_FACT];
  const ipBlock = hop.facts?.[IPBLOCK_FACT];
  if (!seen && !assumed && !ipBlock) return null;
  return (
    <div className="space-y-2">
      {seen && (
        <p
          data-testid="hop-seen-source"
          className="rounded-md border border-blue-300 bg-blue-50 px-3 py-2 text-sm dark:border-blue-700 dark:bg-blue-950/50"
        >
          Source address the backend sees: <span className="font-mono font-semibold">{seen}</span>
        </p>
      )}
      {ipBlock && (
        <p
          data-testid="hop-ipblock-rule"
          className="rounded-md border border-slate-300 bg-slate-50 px-3 py-2 text-sm dark:border-slate-600 dark:bg-slate-800"
        >
          ipBlock matches pod IPs: <span className="font-semibold">{ipBlock}</span>
        </p>
      )}
      {assumed && (
        <p
          data-testid="hop-assumed"
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm dark:border-amber-700 dark:bg-amber-950/50"
        >
          <strong>Assumed:</strong> {assumed}
        </p>
      )}
    </div>
  );
}

function Facts({ hop }: { hop: Hop }) {
  const rows = factRows(hop);
  return (
    // Keys wrap within a narrow column so long values (rules, URLs) keep most of the width
    // and break at natural points rather than every few characters.
    <dl className="grid grid-cols-[minmax(0,7rem)_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
      {rows.map(({ label, value }, i) => (
        <div key={`${label}-${i}`} className="contents">
          <dt className="break-words text-slate-600 dark:text-slate-300">{revealHidden(label)}</dt>
          <dd className="font-mono text-xs leading-5 [overflow-wrap:anywhere]">{revealHidden(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Commands that show this hop's state on a live node; they check the data plane, not the manifests. */
function VerifyCommands({ hop }: { hop: Hop }) {
  return (
    <section data-testid="hop-verify">
      <h3 className="mb-1 text-sm font-semibold">Check it on the node</h3>
      <p className="mb-2 text-xs text-slate-600 dark:text-slate-300">
        Each command says where it runs; they show this hop as the kernel sees it.
      </p>
      <VerifySteps commands={hop.verify ?? []} {...(hop.verifySteps ? { steps: hop.verifySteps } : {})} />
    </section>
  );
}

function HopDetails({
  hop,
  findings,
  source,
  fixHrefs,
}: {
  hop: Hop;
  findings: readonly Finding[];
  source: string;
  fixHrefs?: readonly (string | null)[];
}) {
  const own = findingsOfHop(hop, findings);
  const reached = isReached(hop);
  // On the hop that breaks or degrades the path, what to do comes before why: the fix and
  // its verify commands open the panel, the explanation and facts follow.
  const urgent = reached ? own.filter((f) => f.severity !== 'info') : [];
  const rest = own.filter((f) => !urgent.includes(f));
  const card = (f: Finding, i: number, fixFirst: boolean) => (
    <FindingCard
      key={`${f.code}-${i}`}
      finding={f}
      source={source}
      headingLevel={fixFirst ? 3 : 4}
      fixFirst={fixFirst}
      {...(fixHrefs?.[findings.indexOf(f)] ? { fixHref: fixHrefs[findings.indexOf(f)]! } : {})}
    />
  );
  return (
    <div
      className="space-y-4"
      data-testid="hop-panel"
      data-hop={hop.id}
      data-reached={reached ? 'true' : 'false'}
    >
      <header>
        <p className="text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-300">
          <span aria-hidden="true">{HOP_KINDS[hop.kind].glyph} </span>
          {HOP_KINDS[hop.kind].title}
        </p>
        <h2 className="text-lg font-semibold [overflow-wrap:anywhere]">{revealHidden(hop.label)}</h2>
      </header>
      {urgent.length > 0 && (
        <section aria-label="Fix first" data-testid="fix-first" className="space-y-3">
          {urgent.map((f, i) => card(f, i, true))}
        </section>
      )}
      {!reached && (
        <p
          role="note"
          className="rounded-md border border-dashed border-slate-400 bg-slate-100 px-3 py-2 text-sm text-slate-700 dark:border-slate-500 dark:bg-slate-800 dark:text-slate-200"
        >
          <strong>○ Not reached.</strong> The packet is dropped before this hop. It is shown to tell where the
          packet would have gone; its facts describe the path, not a packet that got here.
        </p>
      )}
      <section aria-label="What happens here">
        <h3 className="sr-only">What happens here</h3>
        <p className="text-sm leading-relaxed">
          {revealHidden(hop.explain ?? 'The engine gave no explanation for this hop.')}
        </p>
      </section>
      <KeyFacts hop={hop} />
      <section>
        <h3 className="mb-1 text-sm font-semibold">Facts</h3>
        <Facts hop={hop} />
        {innerMtuNote(hop) && (
          <p
            data-testid="hop-mtu-note"
            className="mt-2 text-sm leading-relaxed text-slate-700 dark:text-slate-200"
          >
            {innerMtuNote(hop)}
          </p>
        )}
      </section>
      <PolicyChain hop={hop} source={source} />
      {hop.branches && hop.branches.length > 0 && (
        <section>
          <h3 className="mb-1 text-sm font-semibold">Branches</h3>
          <ul className="space-y-1 text-sm">
            {hop.branches.map((b, i) => (
              <li key={i} className="flex gap-2">
                <span className="w-12 font-mono text-xs leading-5">{shareLabel(b.share)}</span>
                <span className="min-w-0 flex-1 break-words">
                  {revealHidden(
                    `${b.label}${b.address ? ` (${b.address})` : ''}${b.chosen ? ' — traced' : ''}${b.note ? ` — ${b.note}` : ''}`,
                  )}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {hop.verify && hop.verify.length > 0 && <VerifyCommands hop={hop} />}
      {(rest.length > 0 || urgent.length === 0) && (
        <section>
          <h3 className="mb-2 text-sm font-semibold">
            {urgent.length ? `Other findings (${rest.length})` : `Findings (${own.length})`}
          </h3>
          {rest.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-300">Nothing stands out at this hop.</p>
          ) : (
            <div className="space-y-3">{rest.map((f, i) => card(f, i, false))}</div>
          )}
        </section>
      )}
    </div>
  );
}

/** With no hop selected: the hops in packet order (a list alternative to the canvas). */
function HopList({ hops, findings }: { hops: readonly Hop[]; findings: readonly Finding[] }) {
  const { select } = useHopSelection();
  return (
    <div>
      <h2 className="text-lg font-semibold">Hops</h2>
      <p className="mb-2 text-sm text-slate-600 dark:text-slate-300">
        Select a hop to see what happens there and why.
      </p>
      <ol className="space-y-1">
        {hops.map((hop, i) => {
          const sev = hopSeverity(hop, findings);
          const reached = isReached(hop);
          return (
            <li key={hop.id} data-reached={reached ? 'true' : 'false'}>
              <button
                type="button"
                onClick={() => select(hop.id)}
                title={`${HOP_KINDS[hop.kind].title}: ${hop.label}`}
                className={`flex w-full items-center gap-2 rounded px-2 py-1 text-left text-sm hover:bg-slate-100 dark:hover:bg-slate-800 ${
                  reached ? '' : 'text-slate-600 dark:text-slate-300'
                }`}
              >
                <span className="w-5 text-right font-mono text-xs text-slate-600 dark:text-slate-300">
                  {i + 1}
                </span>
                <span className="min-w-0 flex-1 truncate">
                  {HOP_KINDS[hop.kind].title}: {revealHidden(hop.label)}
                </span>
                {!reached && <span className="shrink-0 text-xs italic">not reached</span>}
                {sev && (
                  <span
                    className={reached ? SEVERITY_STYLE[sev].text : ''}
                    role="img"
                    aria-label={SEVERITY_STYLE[sev].label}
                  >
                    {SEVERITY_STYLE[sev].icon}
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

export function HopPanel({
  hops,
  findings,
  source,
  fixHrefs,
}: {
  hops: readonly Hop[];
  findings: readonly Finding[];
  source: string;
  fixHrefs?: readonly (string | null)[];
}) {
  const { selected, select } = useHopSelection();
  const hop = hops.find((h) => h.id === selected);
  const index = hop ? hops.indexOf(hop) : -1;
  return (
    <aside
      aria-label="Hop details"
      className="h-full overflow-y-auto rounded-lg border border-slate-200 bg-slate-50 p-4 dark:border-slate-800 dark:bg-slate-900/60"
    >
      {hop ? (
        <>
          <nav aria-label="Hop navigation" className="mb-3 flex items-center gap-2 text-sm">
            <button
              type="button"
              className="rounded border border-slate-300 px-2 py-0.5 disabled:opacity-40 dark:border-slate-600"
              disabled={index <= 0}
              onClick={() => select(hops[index - 1]!.id)}
            >
              ← Previous
            </button>
            <span className="text-slate-600 dark:text-slate-300">
              Hop {index + 1} of {hops.length}
            </span>
            <button
              type="button"
              className="rounded border border-slate-300 px-2 py-0.5 disabled:opacity-40 dark:border-slate-600"
              disabled={index >= hops.length - 1}
              onClick={() => select(hops[index + 1]!.id)}
            >
              Next →
            </button>
          </nav>
          <HopDetails hop={hop} findings={findings} source={source} {...(fixHrefs ? { fixHrefs } : {})} />
        </>
      ) : (
        <HopList hops={hops} findings={findings} />
      )}
    </aside>
  );
}
