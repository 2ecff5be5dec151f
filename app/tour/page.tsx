import type { Metadata } from 'next';
import Link from 'next/link';
import { traceRoute } from 'lib/engine';
import type { TraceQuery } from 'lib/engine/types';
import { getScenario, scenarios } from 'lib/scenarios';
import { getSource } from 'lib/server';
import { ApiError } from 'lib/server/errors';
import { loadOrProblem } from 'lib/server/http';
import { scenarioSlugOf, sourceId } from 'lib/model/source-id';
import { paramsOf, parseTraceQuery } from 'lib/server/validate';
import { buildTour, scenarioIntro, sourceIntro } from 'lib/tours';
import { ErrorNote } from 'components/ui/error-note';
import { TourView } from 'components/tour/tour-view';
import { tourHref } from 'components/tour/tour-href';
import { traceHref } from 'components/trace/trace-href';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Tour' };

type Search = Promise<Record<string, string | string[] | undefined>>;

function TourIndex() {
  return (
    <div className="max-w-3xl space-y-4">
      <h1 className="text-2xl font-bold">Tours</h1>
      <p>
        A tour follows one packet hop by hop and explains each step: what the hop is, what the packet looks
        like there, what goes wrong, and the commands that show it on a real node. Pick a scenario, or open a
        trace of your own cluster and press <em>Tour</em>.
      </p>
      <ul className="space-y-2">
        {scenarios.map((s) => (
          <li key={s.slug}>
            <Link
              href={tourHref(sourceId('scenario', s.slug))}
              className="font-medium text-blue-700 underline dark:text-blue-300"
            >
              {s.title}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The tour of the query in the address bar, built before any JSX (errors become a problem note). */
async function loadTour(search: Record<string, string | string[] | undefined>, source: string) {
  const raw = paramsOf(search);
  const slug = scenarioSlugOf(source);
  const scenario = slug === undefined ? undefined : getScenario(slug);
  let query: TraceQuery;
  if (raw.from || raw.to) {
    const { source: _s, ...q } = parseTraceQuery(search);
    query = q;
  } else if (scenario?.queries[0]) {
    const { label: _label, ...q } = scenario.queries[0];
    query = q;
  } else {
    throw new ApiError(
      400,
      'invalid query',
      'from and to: name where the packet starts and where it goes (or pick a scenario)',
    );
  }
  const loaded = await getSource(source);
  const result = traceRoute(loaded.model, query);
  const intro = scenario ? scenarioIntro(scenario, query) : sourceIntro(loaded.snapshot.meta.title, query);
  return { query, result, intro, tour: buildTour(result, intro) };
}

/** `/tour?source=scenario:SLUG&step=N`, or any source with `from`, `to`, `port`, ... */
export default async function TourPage({ searchParams }: { searchParams: Search }) {
  const search = await searchParams;
  const source = paramsOf(search).source;
  if (!source) return <TourIndex />;
  const loaded = await loadOrProblem(() => loadTour(search, source));
  if ('problem' in loaded) return <ErrorNote title={loaded.problem.error} detail={loaded.problem.detail} />;
  const { query, result, intro, tour } = loaded.value;
  return (
    <TourView
      title={`Tour: ${intro.title}`}
      steps={tour.steps}
      result={result}
      source={source}
      traceUrl={traceHref(source, query)}
    />
  );
}
