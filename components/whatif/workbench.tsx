'use client';

// The what-if workbench: edit objects (or start from a template or a fix), delete
// objects, and see the path before and after, side by side, with what else the change
// opens or closes. Every committed edit is one undo step and lives in the URL, so a
// reload, a back button or a pasted link shows the same what-if.

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { DeleteRef } from 'lib/ingest/whatif';
import type { KubeObject } from 'lib/model/types';
import type { TraceQuery, TraceResult } from 'lib/engine/types';
import type { WhatIfAnswer } from 'lib/server/whatif';
import { encodeChanges } from 'lib/links/changes-param';
import { ApiProblem, postWhatIf, type ProblemBody } from 'components/api/client';
import { ShareButton } from 'components/share/share-button';
import { SelectionContext } from 'components/trace/selection';
import { TraceCanvas } from 'components/trace/trace-canvas';
import { VerdictBanner } from 'components/trace/verdict-banner';
import { CopyButton } from 'components/ui/copy-button';
import { ErrorNote } from 'components/ui/error-note';
import { objectsToText, parseChangesText, serverProblems } from './changes-text';
import { LintDiffList, ReachDiffList } from './diff-lists';
import { TEMPLATES, type TemplateContext } from './templates';
import { YamlEditor } from './yaml-editor';

export interface EditableObject {
  /** `Kind namespace/name` */
  readonly label: string;
  readonly object: KubeObject;
}

interface Step {
  readonly text: string;
  readonly deletes: readonly DeleteRef[];
}

const button =
  'rounded-md border border-slate-300 px-2.5 py-1 text-sm font-medium hover:bg-slate-100 disabled:opacity-50 dark:border-slate-600 dark:hover:bg-slate-800';

/** Milliseconds of typing pause after which an edit becomes an undo step and a recomputation. */
const COMMIT_AFTER_MS = 400;

function PathColumn({ title, result }: { title: string; result: TraceResult }) {
  // Each canvas keeps its own selection: the two paths are read side by side, not as one.
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const selection = useMemo(() => ({ selected, select: (id: string) => setSelected(id) }), [selected]);
  return (
    <section
      aria-label={`${title}: ${result.verdict}`}
      className="min-w-0 space-y-2"
      data-testid={`whatif-${title.toLowerCase()}`}
      data-verdict={result.verdict}
    >
      <h2 className="text-base font-semibold">{title}</h2>
      <VerdictBanner result={result} />
      <SelectionContext.Provider value={selection}>
        <div className="h-[420px] overflow-hidden rounded-lg border border-slate-200 dark:border-slate-800">
          <TraceCanvas result={result} />
        </div>
      </SelectionContext.Provider>
    </section>
  );
}

export function WhatIfWorkbench({
  source,
  query,
  initialObjects,
  initialDeletes,
  initialAnswer,
  initialProblem,
  templateContext,
  editable,
}: {
  source: string;
  query?: TraceQuery;
  initialObjects: readonly KubeObject[];
  initialDeletes: readonly DeleteRef[];
  initialAnswer?: WhatIfAnswer;
  initialProblem?: ProblemBody;
  templateContext: TemplateContext;
  editable: readonly EditableObject[];
}) {
  const [history, setHistory] = useState<readonly Step[]>(() => [
    { text: objectsToText(initialObjects), deletes: initialDeletes },
  ]);
  const [at, setAt] = useState(0);
  const current = history[at]!;
  const [draft, setDraft] = useState(current.text);
  const [pick, setPick] = useState('');

  const commit = (step: Step) => {
    setHistory((h) => [...h.slice(0, at + 1), step]);
    setAt((i) => i + 1);
    setDraft(step.text);
  };

  // Typing pauses become undo steps; undo/redo move the draft with them.
  useEffect(() => {
    if (draft === current.text) return;
    const t = setTimeout(() => commit({ text: draft, deletes: current.deletes }), COMMIT_AFTER_MS);
    return () => clearTimeout(t);
    // commit reads `at` through the state setter; the draft and the step are what matter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft, current]);

  const parsed = useMemo(() => parseChangesText(current.text), [current.text]);
  const changes = useMemo(
    () => ({ apply: parsed.objects, delete: current.deletes }),
    [parsed, current.deletes],
  );
  const empty = changes.apply.length === 0 && changes.delete.length === 0;
  const encoded = useMemo(() => encodeChanges(changes), [changes]);
  const [initialEncoded] = useState(encoded);

  // The URL is the state: a reload or a pasted link shows this what-if.
  useEffect(() => {
    const url = new URL(window.location.href);
    if (empty) url.searchParams.delete('changes');
    else url.searchParams.set('changes', encoded);
    window.history.replaceState(window.history.state, '', `${url.pathname}?${url.searchParams.toString()}`);
  }, [encoded, empty]);

  const answer = useQuery({
    queryKey: ['whatif', source, query ?? null, encoded],
    queryFn: ({ signal }) => postWhatIf({ source, changes, ...(query ? { query } : {}) }, signal),
    enabled: !empty && parsed.problems.length === 0,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: Infinity,
    ...(initialAnswer && encoded === initialEncoded ? { initialData: initialAnswer } : {}),
  });

  const problem: ProblemBody | undefined = useMemo(
    () =>
      answer.error instanceof ApiProblem
        ? answer.error.body
        : answer.error
          ? { error: 'what-if failed', detail: answer.error.message }
          : encoded === initialEncoded
            ? initialProblem
            : undefined,
    [answer.error, encoded, initialEncoded, initialProblem],
  );
  const editorProblems = useMemo(
    () => [
      ...parsed.problems,
      ...(problem
        ? serverProblems(
            parsed,
            problem.problems ?? [
              { ...(problem.field ? { field: problem.field } : {}), message: problem.detail },
            ],
          )
        : []),
    ],
    [parsed, problem],
  );
  const data = answer.data;
  const stale = answer.isFetching || draft !== current.text;

  const addObject = (object: KubeObject) =>
    commit({
      text: [current.text.trimEnd(), objectsToText([object])].filter(Boolean).join('\n---\n'),
      deletes: current.deletes,
    });
  const editObject = (label: string) => {
    const found = editable.find((e) => e.label === label);
    if (found) addObject(found.object);
  };
  const deleteObject = (label: string) => {
    const found = editable.find((e) => e.label === label);
    if (!found) return;
    const o = found.object;
    const ref: DeleteRef = {
      kind: o.kind,
      name: o.metadata.name ?? '',
      ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
      ...(o.apiVersion ? { apiVersion: o.apiVersion } : {}),
    };
    if (
      current.deletes.some((d) => d.kind === ref.kind && d.name === ref.name && d.namespace === ref.namespace)
    )
      return;
    commit({ text: current.text, deletes: [...current.deletes, ref] });
  };

  return (
    <div className="space-y-4">
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <section aria-labelledby="changes-title" className="min-w-0 space-y-3">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="changes-title" className="text-base font-semibold">
              Changes
            </h2>
            <div className="flex gap-2">
              <button
                type="button"
                className={button}
                disabled={at === 0}
                onClick={() => (setAt(at - 1), setDraft(history[at - 1]!.text))}
              >
                Undo
              </button>
              <button
                type="button"
                className={button}
                disabled={at === history.length - 1}
                onClick={() => (setAt(at + 1), setDraft(history[at + 1]!.text))}
              >
                Redo
              </button>
            </div>
          </div>
          <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Add from a template">
            <span className="text-sm text-slate-700 dark:text-slate-300">Add:</span>
            {TEMPLATES.map((t) => {
              const object = t.build(templateContext);
              return (
                <button
                  key={t.id}
                  type="button"
                  className={button}
                  disabled={!object}
                  title={object ? undefined : 'Nothing in this cluster to build it from'}
                  onClick={() => object && addObject(object)}
                >
                  {t.label}
                </button>
              );
            })}
          </div>
          <YamlEditor
            value={draft}
            onChange={setDraft}
            problems={editorProblems}
            label="Objects to apply (YAML documents)"
          />
          <p className="text-xs text-slate-600 dark:text-slate-300">
            Objects here replace the object of the same kind, namespace and name, as{' '}
            <code>kubectl apply</code> would; new ones are added. Nothing is sent to the cluster.
          </p>
          {editable.length > 0 && (
            <div className="flex flex-wrap items-end gap-2">
              <label className="text-sm">
                Object in the snapshot
                <select
                  className="mt-1 block max-w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900"
                  value={pick}
                  onChange={(e) => setPick(e.target.value)}
                >
                  <option value="">Choose…</option>
                  {editable.map((e) => (
                    <option key={e.label} value={e.label}>
                      {e.label}
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" className={button} disabled={!pick} onClick={() => editObject(pick)}>
                Edit
              </button>
              <button type="button" className={button} disabled={!pick} onClick={() => deleteObject(pick)}>
                Delete
              </button>
            </div>
          )}
          {current.deletes.length > 0 && (
            <div>
              <h3 className="text-sm font-semibold">Deleted</h3>
              <ul className="mt-1 space-y-1 text-sm" data-testid="whatif-deletes">
                {current.deletes.map((d) => (
                  <li key={`${d.kind}/${d.namespace ?? ''}/${d.name}`} className="flex items-center gap-2">
                    <span className="break-words">
                      {d.kind} {d.namespace ? `${d.namespace}/` : ''}
                      {d.name}
                    </span>
                    <button
                      type="button"
                      className={button}
                      onClick={() =>
                        commit({ text: current.text, deletes: current.deletes.filter((x) => x !== d) })
                      }
                    >
                      Keep it
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {problem && <ErrorNote title={problem.error} detail={problem.detail} />}
          {data && !empty && (
            <div className="flex flex-wrap items-center gap-2">
              <CopyButton text={data.script} label="Copy as kubectl" />
              <CopyButton text={data.diff} label="Copy diff" />
              {query && <ShareButton source={source} query={query} changes={changes} />}
            </div>
          )}
          {data && !empty && (
            <details className="text-sm">
              <summary className="cursor-pointer font-medium">Diff of the objects</summary>
              <pre
                className="mt-1 max-h-80 overflow-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-800"
                data-testid="whatif-diff"
              >
                {data.diff}
              </pre>
            </details>
          )}
        </section>
        <div className="min-w-0 space-y-4" aria-busy={stale} data-stale={stale ? 'true' : 'false'}>
          {empty && (
            <p className="text-sm text-slate-700 dark:text-slate-300">
              Add or edit an object, or delete one, to see what it does.
            </p>
          )}
          {data && !empty && (
            <>
              {stale && (
                <p role="status" className="text-sm text-slate-700 dark:text-slate-300">
                  Updating…
                </p>
              )}
              <ReachDiffList diff={data.reach} source={source} />
              <LintDiffList diff={data.lint} />
            </>
          )}
        </div>
      </div>
      {data?.trace && !empty && (
        <div className="grid gap-4 xl:grid-cols-2" data-testid="whatif-paths">
          <PathColumn title="Before" result={data.trace.before} />
          <PathColumn title="After" result={data.trace.after} />
        </div>
      )}
    </div>
  );
}
