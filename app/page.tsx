import Link from 'next/link';
import { scenarios } from 'lib/scenarios';
import { getSourcesFor } from 'lib/server';
import { ownedByCaller } from 'lib/server/owned-sources';
import { traceHref } from 'components/trace/trace-href';
import { tourHref } from 'components/tour/tour-href';
import { sourceId } from 'lib/model/source-id';

export default async function HomePage() {
  const stored = (await getSourcesFor(await ownedByCaller()).catch(() => [])).filter(
    (s) => s.kind !== 'scenario',
  );
  return (
    <div className="space-y-8">
      <section className="max-w-3xl">
        <h1 className="text-2xl font-bold">Where does my packet die, and why?</h1>
        <p className="mt-2 text-slate-700 dark:text-slate-300">
          packetpath draws the path a packet takes through a Kubernetes cluster, hop by hop: pod, veth,
          overlay or routed underlay, node, Service, and the way in through LoadBalancers, Ingresses and
          Gateways. Each hop carries its MTU, NAT and NetworkPolicy verdict, and each finding names the
          objects that prove it. Open a built-in scenario, or{' '}
          <Link href="/upload" className="font-medium text-blue-700 underline dark:text-blue-300">
            upload a kubectl dump
          </Link>
          .
        </p>
      </section>

      <section aria-labelledby="scenarios-heading">
        <h2 id="scenarios-heading" className="mb-3 text-lg font-semibold">
          Built-in scenarios
        </h2>
        <ul className="grid grid-cols-1 gap-4 md:grid-cols-2 xl:grid-cols-3">
          {scenarios.map((s) => {
            const source = sourceId('scenario', s.slug);
            const first = s.queries[0];
            return (
              <li
                key={s.slug}
                className="flex flex-col rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
                data-scenario={s.slug}
              >
                <h3 className="font-semibold">{s.title}</h3>
                <ul className="mt-1 flex flex-wrap gap-1" aria-label="Tags">
                  {s.tags.map((t) => (
                    <li
                      key={t}
                      className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-200"
                    >
                      {t}
                    </li>
                  ))}
                </ul>
                <p className="mt-2 flex-1 text-sm text-slate-700 dark:text-slate-300">{s.story}</p>
                <div className="mt-3 flex flex-wrap gap-3 text-sm">
                  {first && (
                    <Link
                      href={traceHref(source, first)}
                      className="font-semibold text-blue-700 underline dark:text-blue-300"
                    >
                      Trace: {first.label}
                    </Link>
                  )}
                  <Link href={tourHref(source)} className="text-blue-700 underline dark:text-blue-300">
                    Tour
                  </Link>
                  <Link
                    href={`/lint?source=${encodeURIComponent(source)}`}
                    className="text-blue-700 underline dark:text-blue-300"
                  >
                    Lint
                  </Link>
                  <Link
                    href={`/reach?source=${encodeURIComponent(source)}`}
                    className="text-blue-700 underline dark:text-blue-300"
                  >
                    Reach
                  </Link>
                </div>
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="stored-heading">
        <h2 id="stored-heading" className="mb-3 text-lg font-semibold">
          Uploads and snapshots
        </h2>
        {stored.length === 0 ? (
          <p className="text-sm text-slate-700 dark:text-slate-300">
            Nothing uploaded yet.{' '}
            <Link href="/upload" className="font-medium text-blue-700 underline dark:text-blue-300">
              Upload a dump or manifests
            </Link>
          </p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
            {stored.map((s) => (
              <li key={s.id} className="flex flex-wrap items-center gap-3 px-4 py-2 text-sm">
                <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs dark:bg-slate-800">{s.kind}</span>
                <Link
                  href={`/trace?source=${encodeURIComponent(s.id)}`}
                  className="font-medium text-blue-700 underline dark:text-blue-300"
                >
                  {s.title}
                </Link>
                {s.objectCount !== undefined && (
                  <span className="text-slate-600 dark:text-slate-300">{s.objectCount} objects</span>
                )}
                {s.createdAt && (
                  <time dateTime={s.createdAt} className="ml-auto text-slate-600 dark:text-slate-300">
                    {s.createdAt.replace('T', ' ').slice(0, 16)} UTC
                  </time>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
