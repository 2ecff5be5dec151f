import Link from 'next/link';
import type { Finding, TraceQuery } from 'lib/engine/types';
import type { LintDiff, ReachDiff } from 'lib/engine';
import { SeverityBadge } from 'components/ui/severity';
import { traceHref } from 'components/trace/trace-href';

/** A reach peer name as an endpoint to trace (`ns/pod`, `ns/name[Kind]` → its pods; ranges stay text). */
function peerEndpoint(peer: string): string | undefined {
  const m = /^([^/[\]]+)\/([^[\]]+)(?:\[(\w+)\])?$/.exec(peer);
  if (!m) return undefined;
  const [, ns, name, kind] = m;
  if (!kind || kind === 'Pod') return `pod:${ns}/${name}`;
  return undefined;
}

function PairLink({ source, from, to }: { source: string; from: string; to: string }) {
  const a = peerEndpoint(from);
  const b = peerEndpoint(to);
  const text = (
    <>
      {from} <span aria-hidden="true">→</span>
      <span className="sr-only">to</span> {to}
    </>
  );
  if (!a || !b) return <span className="break-words">{text}</span>;
  return (
    <Link
      className="break-words text-blue-700 underline dark:text-blue-300"
      href={traceHref(source, { from: a, to: b } satisfies TraceQuery)}
    >
      {text}
    </Link>
  );
}

/** What the change does to reachability: pairs that open, close or change, in words and marks. */
export function ReachDiffList({ diff, source }: { diff: ReachDiff; source: string }) {
  const total = diff.added.length + diff.removed.length + diff.changed.length;
  return (
    <section aria-labelledby="reach-diff-title" data-testid="reach-diff">
      <h2 id="reach-diff-title" className="text-base font-semibold">
        Reachability ({total === 0 ? 'no change' : `${total} pair${total === 1 ? '' : 's'} change`})
      </h2>
      {total > 0 && (
        <ul className="mt-2 max-h-72 space-y-1 overflow-y-auto text-sm">
          {diff.added.map((p) => (
            <li key={`+${p.from}|${p.to}`} data-change="added" className="flex gap-2">
              <span className="w-20 shrink-0 font-semibold text-emerald-800 dark:text-emerald-300">
                + opens
              </span>
              <span className="min-w-0">
                <PairLink source={source} from={p.from} to={p.to} /> <code className="text-xs">{p.conn}</code>
              </span>
            </li>
          ))}
          {diff.removed.map((p) => (
            <li key={`-${p.from}|${p.to}`} data-change="removed" className="flex gap-2">
              <span className="w-20 shrink-0 font-semibold text-red-800 dark:text-red-300">− closes</span>
              <span className="min-w-0">
                <PairLink source={source} from={p.from} to={p.to} /> <code className="text-xs">{p.conn}</code>
              </span>
            </li>
          ))}
          {diff.changed.map((c) => (
            <li key={`~${c.from}|${c.to}`} data-change="changed" className="flex gap-2">
              <span className="w-20 shrink-0 font-semibold text-amber-800 dark:text-amber-300">
                ~ changes
              </span>
              <span className="min-w-0">
                <PairLink source={source} from={c.from} to={c.to} />{' '}
                <code className="text-xs">{c.before}</code> <span aria-hidden="true">→</span>
                <span className="sr-only">becomes</span> <code className="text-xs">{c.after}</code>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function FindingLine({ f, mark }: { f: Finding; mark: string }) {
  return (
    <li className="flex flex-wrap items-center gap-2" data-code={f.code}>
      <span className="font-semibold">{mark}</span>
      <SeverityBadge severity={f.severity} />
      <code className="text-xs">{f.code}</code>
      <span className="min-w-0 break-words">{f.title}</span>
    </li>
  );
}

/** Lint findings the change resolves and introduces. */
export function LintDiffList({ diff }: { diff: LintDiff }) {
  return (
    <section aria-labelledby="lint-diff-title" data-testid="lint-diff">
      <h2 id="lint-diff-title" className="text-base font-semibold">
        Findings ({diff.resolved.length} resolved, {diff.introduced.length} introduced)
      </h2>
      <ul className="mt-2 space-y-1 text-sm">
        {diff.resolved.map((f, i) => (
          <FindingLine key={`r${i}`} f={f} mark="✓ resolved" />
        ))}
        {diff.introduced.map((f, i) => (
          <FindingLine key={`i${i}`} f={f} mark="! introduced" />
        ))}
      </ul>
    </section>
  );
}
