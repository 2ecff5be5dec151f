import type { ReactNode } from 'react';
import type { Lesson } from 'lib/tours/types';
import { CopyButton } from 'components/ui/copy-button';

const fold = 'cursor-pointer font-semibold';

/**
 * The lesson of one hop kind, with this trace's facts at the hop. What it is stays open
 * (unless the step's own account of the hop is long: `foldWhat`); the rest is folded so a
 * step fits one screen (the graph already shows the node, the addresses and the MTU). On the culprit's step (`brief`) the story comes first and the
 * lesson is folded whole under one disclosure.
 */
export function LessonCard({
  lesson,
  here,
  brief = false,
  foldWhat = false,
}: {
  lesson: Lesson;
  here: readonly string[];
  brief?: boolean;
  /** The step already says at length what happens at this hop: the general lesson folds too. */
  foldWhat?: boolean;
}) {
  const commands = lesson.commands.length;
  const sections = (
    <div className="space-y-2 text-sm leading-relaxed" data-testid="tour-lesson">
      <Part title="What it is" folded={foldWhat}>
        <p>{lesson.what}</p>
      </Part>
      <Part title="The packet here" folded>
        <p>{lesson.packet}</p>
        {here.length > 0 && (
          <ul
            className="mt-2 space-y-0.5 rounded bg-slate-100 px-3 py-2 font-mono text-xs dark:bg-slate-800"
            aria-label="In this trace"
          >
            {here.map((line) => (
              <li key={line} className="break-words">
                {line}
              </li>
            ))}
          </ul>
        )}
      </Part>
      <Part title="What goes wrong" folded>
        <p>{lesson.wrong}</p>
      </Part>
      <Part title={`Show commands (${commands})`} folded testId="tour-commands">
        <p className="text-xs text-slate-600 dark:text-slate-300">
          To see this hop on a real node or pod; the words in CAPITALS are yours to fill in.
        </p>
        <ul className="mt-1 space-y-1">
          {lesson.commands.map((cmd) => (
            <li key={cmd} className="flex items-start gap-2">
              {/* Scrolls sideways rather than wrap inside a token; focusable for the keyboard. */}
              <pre
                tabIndex={0}
                className="min-w-0 flex-1 overflow-x-auto rounded bg-slate-100 px-2 py-1 font-mono text-xs whitespace-pre focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:outline-none dark:bg-slate-800"
                data-testid="tour-command"
              >
                <code>{cmd}</code>
              </pre>
              <CopyButton text={cmd} />
            </li>
          ))}
        </ul>
      </Part>
    </div>
  );
  if (!brief) return sections;
  return (
    <details className="text-sm" data-testid="tour-lesson-fold">
      <summary className={fold}>
        <h3 className="inline">About this hop</h3>
        <span className="font-normal text-slate-600 dark:text-slate-300">
          {' '}
          (what it is, {commands} {commands === 1 ? 'command' : 'commands'})
        </span>
      </summary>
      <div className="mt-2">{sections}</div>
    </details>
  );
}

/** One part of the lesson under its heading: open, or folded under it. */
function Part({
  title,
  folded,
  testId,
  children,
}: {
  title: string;
  folded: boolean;
  testId?: string;
  children: ReactNode;
}) {
  if (!folded)
    return (
      <section data-testid={testId}>
        <h3 className="font-semibold">{title}</h3>
        {children}
      </section>
    );
  return (
    <details data-testid={testId}>
      <summary className={fold}>
        <h3 className="inline">{title}</h3>
      </summary>
      {children}
    </details>
  );
}
