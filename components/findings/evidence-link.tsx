'use client';

import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { Evidence } from 'lib/engine/types';
import { ApiProblem, getObject } from 'components/api/client';
import { revealHidden } from 'lib/model/hidden-chars';

function objectQuery(source: string, e: Evidence): string {
  const q = new URLSearchParams({ source, kind: e.kind, name: e.name });
  if (e.namespace) q.set('namespace', e.namespace);
  return q.toString();
}

/** The evidence's object name, opening its YAML in a dialog. */
export function EvidenceLink({ source, evidence }: { source: string; evidence: Evidence }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const query = objectQuery(source, evidence);
  const { data, isPending, error } = useQuery({
    queryKey: ['object', source, evidence.kind, evidence.namespace, evidence.name],
    queryFn: ({ signal }) =>
      getObject({ source, kind: evidence.kind, namespace: evidence.namespace, name: evidence.name }, signal),
    enabled: open,
    // A missing object stays missing: show the server's answer rather than asking again.
    retry: false,
  });
  // Shown with hidden formatting characters made visible; the query keeps the real name.
  const ref = revealHidden(
    `${evidence.kind} ${evidence.namespace ? `${evidence.namespace}/` : ''}${evidence.name}`,
  );

  return (
    <>
      <a
        // Without script, or opened in a new tab, the link shows the YAML page.
        href={`/objects?${query}`}
        className="font-medium text-blue-700 underline underline-offset-2 hover:no-underline dark:text-blue-300"
        onClick={(ev) => {
          if (ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.button !== 0) return;
          ev.preventDefault();
          setOpen(true);
          dialog.current?.showModal();
        }}
      >
        {ref}
      </a>
      <dialog
        ref={dialog}
        aria-label={`YAML of ${ref}`}
        onClose={() => setOpen(false)}
        className="m-auto max-h-[80vh] w-[min(56rem,90vw)] rounded-lg border border-slate-300 bg-white p-0 text-slate-900 backdrop:bg-black/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        <div className="flex items-center justify-between border-b border-slate-200 px-4 py-2 dark:border-slate-700">
          <h2 className="font-semibold">{ref}</h2>
          <form method="dialog">
            <button
              className="rounded border border-slate-300 px-2 py-0.5 text-sm dark:border-slate-600"
              autoFocus
            >
              Close
            </button>
          </form>
        </div>
        <div className="max-h-[calc(80vh-3rem)] overflow-auto p-4">
          {open && isPending && <p>Loading…</p>}
          {error && (
            <p role="alert">
              Could not load the object: {error instanceof ApiProblem ? error.body.detail : error.message}
            </p>
          )}
          {data?.yaml && (
            <pre className="font-mono text-xs leading-relaxed whitespace-pre">
              <code>{revealHidden(data.yaml)}</code>
            </pre>
          )}
        </div>
      </dialog>
    </>
  );
}
