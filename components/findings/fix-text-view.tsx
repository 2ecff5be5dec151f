import { CopyButton } from 'components/ui/copy-button';
import { parseFix, type FixBlock } from './fix-text';
import { revealHidden } from 'lib/model/hidden-chars';

/**
 * The blocks of a fix up to its first command (`lead`) and from it on (`rest`), so the
 * prose can stay in view while the commands are folded.
 */
export function splitFix(fix: string): { lead: readonly FixBlock[]; rest: readonly FixBlock[] } {
  const blocks = parseFix(fix);
  const first = blocks.findIndex((b) => b.kind === 'command');
  return first < 0 ? { lead: blocks, rest: [] } : { lead: blocks.slice(0, first), rest: blocks.slice(first) };
}

/** A finding's fix: prose with inline code, and each whole command in a block with a Copy button. */
export function FixText({
  fix,
  blocks = parseFix(fix),
  testId = 'finding-fix',
}: {
  fix: string;
  /** A part of `fix` (splitFix) instead of all of it. */
  blocks?: readonly FixBlock[];
  testId?: string;
}) {
  return (
    <div className="mt-1 space-y-1.5 text-sm" data-testid={testId}>
      {blocks.map((block, i) =>
        block.kind === 'prose' ? (
          <p key={i} className="break-words">
            {block.parts.map((part, j) =>
              part.kind === 'code' ? (
                <code key={j} className="rounded bg-slate-100 px-1 font-mono text-xs dark:bg-slate-800">
                  {revealHidden(part.text)}
                </code>
              ) : (
                revealHidden(part.text)
              ),
            )}
          </p>
        ) : (
          <div key={i} className="flex items-start gap-2" data-fix-command>
            <pre
              tabIndex={0}
              className="min-w-0 flex-1 overflow-x-auto rounded bg-slate-100 px-2 py-1 font-mono text-xs whitespace-pre focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:outline-none dark:bg-slate-800"
            >
              <code>{revealHidden(block.command)}</code>
            </pre>
            <CopyButton text={block.command} />
          </div>
        ),
      )}
    </div>
  );
}
