'use client';

import { useEffect, useRef, useState } from 'react';
import type { TraceQuery } from 'lib/engine/types';

const field =
  'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm font-normal disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-500 dark:border-slate-600 dark:bg-slate-900 dark:disabled:bg-slate-800 dark:disabled:text-slate-400';
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/** What the closed disclosure says is set, so a non-default request is never hidden. */
function summaryOf(query?: Partial<TraceQuery>): string {
  const headers = Object.keys(query?.headers ?? {}).length;
  const parts = [query?.method, headers ? `${headers} header${headers > 1 ? 's' : ''}` : undefined].filter(
    Boolean,
  );
  return parts.length ? `HTTP: ${parts.join(', ')}` : 'HTTP request';
}

export function isUrlEndpoint(text: string | undefined): boolean {
  return /^https?:\/\//i.test(text?.trim() ?? '');
}

/**
 * Follows the form's To field: method and headers only mean something for a URL. The
 * combobox sets its value from a suggestion without an input event, so any focus move or
 * change in the form re-reads it too.
 */
function useDestinationIsUrl(
  details: React.RefObject<HTMLElement | null>,
  initial: string | undefined,
): boolean {
  const [isUrl, setIsUrl] = useState(isUrlEndpoint(initial));
  useEffect(() => {
    const form = details.current?.closest('form');
    if (!form) return;
    const read = () => {
      const to = form.elements.namedItem('to');
      setIsUrl(isUrlEndpoint(to instanceof HTMLInputElement ? to.value : undefined));
    };
    read();
    for (const type of ['input', 'change', 'focusin']) form.addEventListener(type, read);
    return () => {
      for (const type of ['input', 'change', 'focusin']) form.removeEventListener(type, read);
    };
  }, [details]);
  return isUrl;
}

/**
 * The request of a URL trace (HTTPRoute rules match on method and headers). A <details>:
 * its fields are submitted with the form even when it is closed, and it works without
 * script; Escape closes it and gives focus back to its toggle. The fields are disabled
 * (so not submitted) while the destination is not a URL. Header lines go out as one
 * `header` value; the server splits the lines.
 */
export function AdvancedFields({ query }: { query?: Partial<TraceQuery> }) {
  const details = useRef<HTMLDetailsElement>(null);
  const isUrl = useDestinationIsUrl(details, query?.to);
  const headerLines = Object.entries(query?.headers ?? {})
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
  return (
    <details
      ref={details}
      className="group relative"
      data-testid="trace-advanced"
      data-applies={isUrl ? 'true' : 'false'}
      onKeyDown={(e) => {
        const el = details.current;
        if (e.key !== 'Escape' || !el?.open) return;
        e.preventDefault();
        el.open = false;
        el.querySelector('summary')?.focus();
      }}
    >
      <summary
        className={`cursor-pointer list-none rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium select-none hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800 ${
          isUrl ? '' : 'text-slate-600 dark:text-slate-300'
        }`}
      >
        <span aria-hidden="true" className="mr-1 inline-block transition-transform group-open:rotate-90">
          ▸
        </span>
        {summaryOf(query)}
      </summary>
      <fieldset
        disabled={!isUrl}
        aria-describedby="http-request-hint"
        className="absolute right-0 z-30 mt-1 w-80 space-y-3 rounded-lg border border-slate-300 bg-white p-3 shadow-lg dark:border-slate-600 dark:bg-slate-900"
      >
        <legend className="sr-only">HTTP request</legend>
        <p
          id="http-request-hint"
          data-testid="http-request-hint"
          className={`text-xs ${isUrl ? 'text-slate-700 dark:text-slate-300' : 'font-medium text-amber-800 dark:text-amber-200'}`}
        >
          {isUrl
            ? 'Method and headers apply to this URL: HTTPRoute rules can match on them.'
            : 'Method and headers apply only when To is a URL (http://host/path).'}
        </p>
        <label className="flex flex-col text-xs font-semibold text-slate-700 dark:text-slate-200">
          Method
          <input
            name="method"
            list="http-methods"
            placeholder="GET"
            defaultValue={query?.method}
            autoComplete="off"
            className={`${field} mt-0.5 w-32 uppercase`}
          />
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
      </fieldset>
    </details>
  );
}
