import type { Metadata } from 'next';
import Link from 'next/link';
import { traceRoute } from 'lib/engine';
import type { TraceQuery } from 'lib/engine/types';
import { getScenario, scenarios } from 'lib/scenarios';
import { getSource } from 'lib/server';
import { userError } from 'lib/server/http';
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
              href={tourHref(`scenario:${s.slug}`)}
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

/** `/tour?source=scenario:SLUG&step=N`, or any source with `from`, `to`, `port`, ... */
export default async function TourPage({ searchParams }: { searchParams: Search }) {
  const search = await searchParams;
  const raw = paramsOf(search);
  if (!raw.source) return <TourIndex />;
  const source = raw.source;
  const scenario = source.startsWith('scenario:') ? getScenario(source.slice('scenario:'.length)) : undefined;
  try {
    let query: TraceQuery;
    if (raw.from || raw.to) {
      const { source: _s, ...q } = parseTraceQuery(search);
      query = q;
    } else if (scenario?.queries[0]) {
      const { label: _label, ...q } = scenario.queries[0];
      query = q;
    } else {
      return (
        <ErrorNote
          title="invalid query"
          detail="from and to: name where the packet starts and where it goes (or pick a scenario)"
        />
      );
    }
    const loaded = await getSource(source);
    const result = traceRoute(loaded.model, query);
    const intro = scenario ? scenarioIntro(scenario, query) : sourceIntro(loaded.snapshot.meta.title, query);
    const tour = buildTour(result, intro);
    return (
      <div className="space-y-3">
        <h1 className="text-xl font-bold break-words">Tour: {intro.title}</h1>
        <TourView steps={tour.steps} result={result} source={source} traceUrl={traceHref(source, query)} />
      </div>
    );
  } catch (err) {
    const problem = userError(err);
    if (!problem) throw err;
    return <ErrorNote title={problem.error} detail={problem.detail} />;
  }
}
