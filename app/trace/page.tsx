import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { EndpointError, formatTrace, traceRoute } from 'lib/engine';
import { lintOf } from 'lib/server/lint-cache';
import type { Finding, TraceResult } from 'lib/engine/types';
import { LintChip } from 'components/trace/lint-chip';
import { scenarioSlugOf } from 'lib/model/source-id';
import { getScenario } from 'lib/scenarios';
import { defaultSourceId, getSource } from 'lib/server';
import { userError } from 'lib/server/http';
import { paramsOf, parseTraceQuery } from 'lib/server/validate';
import { ErrorNote } from 'components/ui/error-note';
import { TraceForm } from 'components/trace/trace-form';
import { TraceView } from 'components/trace/trace-view';
import { VerdictBanner } from 'components/trace/verdict-banner';
import { ReplicaSummary } from 'components/trace/replica-summary';
import { traceHref } from 'components/trace/trace-href';
import { TraceActions, traceQueryOf } from 'components/share/trace-actions';
import { whatIfHref } from 'components/whatif/whatif-href';
import { fixChanges } from 'lib/engine/whatif/fix-changes';

export const metadata: Metadata = { title: 'Trace' };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function TracePage({ searchParams }: { searchParams: Search }) {
  const search = await searchParams;
  const raw = paramsOf(search);
  const source = raw.source ?? defaultSourceId();

  // A scenario opened without a query shows the trace its story is about.
  const slug = scenarioSlugOf(source);
  if (!raw.from && !raw.to && slug) {
    const first = getScenario(slug)?.queries[0];
    if (first) redirect(traceHref(source, first));
  }

  let result: TraceResult | undefined;
  let fixHrefs: (string | null)[] | undefined;
  let lint: readonly Finding[] | undefined;
  let problem: { error: string; detail: string; params?: readonly string[] } | undefined;
  let query: Omit<ReturnType<typeof parseTraceQuery>, 'replica'> | undefined;
  let replica: string | undefined;
  if (raw.from || raw.to) {
    try {
      const { replica: asked, ...parsed } = parseTraceQuery(search);
      query = parsed;
      replica = asked;
      const { source: _s, ...traceQuery } = query;
      const { model } = await getSource(source);
      result = traceRoute(model, traceQuery, replica ? { replica } : {});
      lint = lintOf(model).findings;
      const traced = result;
      fixHrefs = traced.findings.map((f) => {
        const fix = fixChanges(model, f, traced);
        return fix ? whatIfHref(source, traceQuery, { apply: fix.apply, delete: [] }) : null;
      });
    } catch (err) {
      problem = userError(err);
      if (!problem) throw err;
      // An endpoint that names nothing marks the field it came from.
      if (err instanceof EndpointError && !problem.params)
        problem = { ...problem, params: [err.endpoint === raw.from ? 'from' : 'to'] };
    }
  }

  return (
    <div className="space-y-3">
      <div className="flex items-start justify-between gap-4">
        <h1 className="sr-only">Trace</h1>
        <TraceForm
          source={source}
          query={
            query ?? {
              from: raw.from,
              to: raw.to,
              ...(raw.method ? { method: raw.method } : {}),
              ...(raw.port && /^\d+$/.test(raw.port) ? { port: Number(raw.port) } : {}),
            }
          }
          {...(problem?.params ? { invalid: problem.params } : {})}
        />
        {/* Share / Export / Tour slot: the share, export and tour components mount here. */}
        <div className="flex shrink-0 items-end gap-2" data-slot="trace-actions">
          {result && query && (
            <TraceActions
              source={source}
              query={traceQueryOf(query)}
              result={result}
              markdown={formatTrace(result, 'md')}
            />
          )}
        </div>
      </div>
      {problem && <ErrorNote title={problem.error} detail={problem.detail} />}
      {!result && !problem && (
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Pick where the packet starts and where it goes, then press Trace.
        </p>
      )}
      {result && (
        <>
          <div className="flex items-start gap-2">
            <div className="min-w-0 flex-1">
              <VerdictBanner result={result} />
            </div>
            {lint && <LintChip findings={lint} source={source} />}
          </div>
          {query && (
            <ReplicaSummary
              result={result}
              hrefOf={(pod) =>
                `${traceHref(source, traceQueryOf(query!))}&replica=${encodeURIComponent(pod)}`
              }
            />
          )}
          <TraceView
            key={result.workload?.drawn ?? 'trace'}
            result={result}
            source={source}
            {...(fixHrefs ? { fixHrefs } : {})}
          />
        </>
      )}
    </div>
  );
}
