import { CopyButton } from 'components/ui/copy-button';
import { parseFix } from './fix-text';
import { revealHidden } from 'lib/model/hidden-chars';

/** A finding's fix: prose with inline code, and each whole command in a block with a Copy button. */
export function FixText({ fix }: { fix: string }) {
  return (
    <div className="mt-1 space-y-1.5 text-sm" data-testid="finding-fix">
      {parseFix(fix).map((block, i) =>
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
