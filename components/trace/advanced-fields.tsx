import type { TraceQuery } from 'lib/engine/types';

const field = 'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm font-normal dark:border-slate-600 dark:bg-slate-900';
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/** What the closed disclosure says is set, so a non-default request is never hidden. */
function summaryOf(query?: Partial<TraceQuery>): string {
  const headers = Object.keys(query?.headers ?? {}).length;
  const parts = [query?.method, headers ? `${headers} header${headers > 1 ? 's' : ''}` : undefined].filter(Boolean);
  return parts.length ? `HTTP: ${parts.join(', ')}` : 'HTTP request';
}

/**
 * The request of a URL trace (HTTPRoute rules match on method and headers). A plain
 * <details>: its fields are submitted with the form even when it is closed, and it works
 * without script. Header lines go out as one `header` value; the server splits the lines.
 */
export function AdvancedFields({ query }: { query?: Partial<TraceQuery> }) {
  const headerLines = Object.entries(query?.headers ?? {})
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
  return (
    <details className="group relative" data-testid="trace-advanced">
      <summary className="cursor-pointer list-none rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium select-none hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800">
        <span aria-hidden="true" className="mr-1 inline-block transition-transform group-open:rotate-90">
          ▸
        </span>
        {summaryOf(query)}
      </summary>
      <div className="absolute right-0 z-30 mt-1 w-80 space-y-3 rounded-lg border border-slate-300 bg-white p-3 shadow-lg dark:border-slate-600 dark:bg-slate-900">
        <p className="text-xs text-slate-700 dark:text-slate-300">
          For a trace to a URL (<code>http://host/path</code>): Gateway API HTTPRoute rules can match on the method and on headers.
        </p>
        <label className="flex flex-col text-xs font-semibold text-slate-700 dark:text-slate-200">
          Method
          <input name="method" list="http-methods" placeholder="GET" defaultValue={query?.method} autoComplete="off" className={`${field} mt-0.5 w-32 uppercase`} />
          <datalist id="http-methods">
            {METHODS.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
        </label>
        <label className="flex flex-col text-xs font-semibold text-slate-700 dark:text-slate-200">
          Headers, one per line
          <textarea
            name="header"
            rows={3}
            defaultValue={headerLines}
            placeholder={'X-Canary: always\nCookie: beta=1'}
            spellCheck={false}
            className={`${field} mt-0.5 font-mono text-xs`}
          />
        </label>
      </div>
    </details>
  );
}
