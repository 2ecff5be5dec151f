import { SeverityIcon } from 'components/ui/severity';
import type { SnapshotDiff } from 'lib/server/snapshots';

const field =
  'mt-1 h-8 w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900';
const CHANGE_MARK = { added: '+', removed: '−', changed: '~' } as const;

type Values = { a?: string; b?: string; from?: string; to?: string; port?: string };

/** A plain GET form: the comparison lives in the URL and can be linked. */
export function DiffForm({
  choices,
  values,
}: {
  choices: ReadonlyArray<{ id: string; title: string }>;
  values: Values;
}) {
  const select = (name: 'a' | 'b', label: string) => (
    <label className="block text-sm font-medium">
      {label}
      <select name={name} className={field} defaultValue={values[name] ?? ''} required>
        <option value="" disabled>
          Choose…
        </option>
        {choices.map((c) => (
          <option key={`${name}-${c.id}`} value={c.id}>
            {c.title}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <form
      method="get"
      action="/snapshots"
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_1fr_1fr_6rem_auto] lg:items-end"
    >
      {select('a', 'Before')}
      {select('b', 'After')}
      <label className="block text-sm font-medium">
        From <span className="font-normal">(optional)</span>
        <input name="from" defaultValue={values.from} placeholder="pod:shop/web-0" className={field} />
      </label>
      <label className="block text-sm font-medium">
        To <span className="font-normal">(optional)</span>
        <input name="to" defaultValue={values.to} placeholder="svc:shop/db" className={field} />
      </label>
      <label className="block text-sm font-medium">
        Port
        <input name="port" defaultValue={values.port} inputMode="numeric" className={field} />
      </label>
      <button
        type="submit"
        className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
      >
        Compare
      </button>
    </form>
  );
}

export function DiffResult({ diff }: { diff: SnapshotDiff }) {
  return (
    <div className="space-y-3" data-testid="snapshot-diff">
      {diff.verdict && (
        <p className="text-sm">
          Verdict on this path: <strong>{diff.verdict.a}</strong> before, <strong>{diff.verdict.b}</strong>{' '}
          after.
        </p>
      )}
      <h3 className="font-semibold">Objects {diff.query ? 'on the path ' : ''}that changed</h3>
      {diff.objects.length === 0 ? (
        <p className="text-sm">None.</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {diff.objects.map((c) => (
            <li key={`${c.change}-${c.ref.kind}-${c.ref.namespace}-${c.ref.name}`}>
              <span className="font-mono" aria-label={c.change}>
                {CHANGE_MARK[c.change]}
              </span>{' '}
              {c.ref.kind} {c.ref.namespace ? `${c.ref.namespace}/` : ''}
              {c.ref.name} <span className="text-slate-600 dark:text-slate-300">({c.change})</span>
              {c.fields && (
                <span className="block pl-5 font-mono text-xs break-words">{c.fields.join(', ')}</span>
              )}
            </li>
          ))}
        </ul>
      )}
      <h3 className="font-semibold">Findings</h3>
      {diff.findings.length === 0 ? (
        <p className="text-sm">No finding appeared or disappeared.</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {diff.findings.map((f) => (
            <li key={`${f.change}-${f.code}-${f.title}`}>
              <SeverityIcon severity={f.severity} /> <strong>{f.change}</strong>:{' '}
              <code className="text-xs">{f.code}</code> {f.title}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
