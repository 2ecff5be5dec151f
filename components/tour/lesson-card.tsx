import type { Lesson } from 'lib/tours/types';
import { CopyButton } from 'components/ui/copy-button';

/** The lesson of one hop kind, with this trace's facts at the hop in between. */
export function LessonCard({ lesson, here }: { lesson: Lesson; here: readonly string[] }) {
  return (
    <div className="space-y-3 text-sm leading-relaxed">
      <section>
        <h3 className="font-semibold">What it is</h3>
        <p>{lesson.what}</p>
      </section>
      <section>
        <h3 className="font-semibold">The packet here</h3>
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
      </section>
      <details>
        <summary className="cursor-pointer">
          <h3 className="inline font-semibold">What goes wrong</h3>
        </summary>
        <p>{lesson.wrong}</p>
      </details>
      {/* Folded, so a step fits on one screen; the commands are a click away. */}
      <details>
        <summary className="cursor-pointer">
          <h3 className="inline font-semibold">See it on a real node</h3>
          <span className="text-slate-600 dark:text-slate-300">
            {' '}
            ({lesson.commands.length} {lesson.commands.length === 1 ? 'command' : 'commands'})
          </span>
        </summary>
        <ul className="mt-1 space-y-1">
          {lesson.commands.map((cmd) => (
            <li key={cmd} className="flex items-start gap-2">
              <code className="flex-1 rounded bg-slate-100 px-2 py-1 font-mono text-xs break-all dark:bg-slate-800">
                {cmd}
              </code>
              <CopyButton text={cmd} />
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
