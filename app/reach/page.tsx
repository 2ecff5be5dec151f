import type { Metadata } from 'next';
import { defaultSourceId, getSource } from 'lib/server';
import { userError } from 'lib/server/http';
import { reachOf } from 'lib/server/reach-cache';
import { paramsOf, parseQuery, reachQuerySchema } from 'lib/server/validate';
import { reachRows } from 'components/reach/reach-rows';
import { ReachTable } from 'components/reach/reach-table';
import { ErrorNote } from 'components/ui/error-note';

export const metadata: Metadata = { title: 'Reach' };

export default async function ReachPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = paramsOf(await searchParams);
  try {
    const q = parseQuery(reachQuerySchema, raw);
    const source = q.source ?? defaultSourceId();
    const loaded = await getSource(source);
    const { model } = loaded;
    const result = reachOf(loaded, q.namespace ? { granularity: q.granularity, namespace: q.namespace } : { granularity: q.granularity });
    const namespaces = [...model.namespaces.keys()].sort();
    const filter = raw.q?.trim().slice(0, 200) ?? '';
    const { rows, total } = reachRows(model, source, result.pairs, filter);
    return (
      <div className="space-y-4">
        <div>
          <h1 className="text-2xl font-bold">Reach</h1>
          <p className="text-sm text-slate-700 dark:text-slate-300">
            Which peer may open connections to which, according to the NetworkPolicies of <code className="font-mono">{source}</code>. Only allowed pairs are listed.
          </p>
        </div>
        <ReachTable
          source={source}
          rows={rows}
          total={total}
          all={result.pairs.length}
          filter={filter}
          namespaces={namespaces}
          namespace={q.namespace}
          granularity={q.granularity}
        />
      </div>
    );
  } catch (err) {
    const problem = userError(err);
    if (!problem) throw err;
    return <ErrorNote title={problem.error} detail={problem.detail} />;
  }
}
