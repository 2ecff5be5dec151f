import type { VerifyStep } from 'lib/engine/types';
import { renderStep, wherePrefix, whereText } from 'lib/engine/findings/verify-where';
import { CopyButton } from 'components/ui/copy-button';
import { revealHidden } from 'lib/model/hidden-chars';

/**
 * Verify commands, each with where it runs: the `kubectl exec` / `kubectl debug node/`
 * prefix in front of the command, or "on worker-1" beside it. Commands never wrap inside
 * a token (white-space: pre, the block scrolls sideways) so what is copied is what is read.
 * `commands` (the rendered strings) stand alone for results made before steps existed.
 */
export function VerifySteps({
  steps,
  commands,
  testId,
}: {
  steps?: readonly VerifyStep[];
  commands: readonly string[];
  testId?: string;
}) {
  const rows = steps?.length
    ? steps.map((s) => ({
        line: renderStep(s),
        prefix: wherePrefix(s.where),
        command: s.command,
        note: s.note,
        where: s.where.kind === 'anywhere' ? undefined : whereText(s.where),
        kind: s.where.kind,
      }))
    : commands.map((line) => ({
        line,
        prefix: undefined,
        command: line,
        note: undefined,
        where: undefined,
        kind: 'anywhere',
      }));
  return (
    <ul className="mt-1 space-y-1.5" data-testid={testId}>
      {rows.map((r, i) => (
        <li key={i} className="flex items-start gap-2" data-verify-where={r.kind}>
          <div className="min-w-0 flex-1">
            {r.where && <p className="text-xs text-slate-600 dark:text-slate-300">{revealHidden(r.where)}</p>}
            {/* Commands scroll sideways rather than wrap inside a token; focusable so the
                keyboard can scroll them too. */}
            <pre
              tabIndex={0}
              className="overflow-x-auto rounded bg-slate-100 px-2 py-1 font-mono text-xs whitespace-pre focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:outline-none dark:bg-slate-800"
              data-testid="verify-command"
            >
              <code>
                {r.prefix && (
                  <span className="text-slate-600 dark:text-slate-400">{revealHidden(r.prefix)} </span>
                )}
                {revealHidden(r.command)}
                {r.note && (
                  <span className="text-slate-600 dark:text-slate-400">{revealHidden(`   # ${r.note}`)}</span>
                )}
              </code>
            </pre>
          </div>
          <CopyButton text={r.line} />
        </li>
      ))}
    </ul>
  );
}
