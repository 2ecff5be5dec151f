import type { Metadata } from 'next';
import { defaultSourceId, getSource } from 'lib/server';
import { userError } from 'lib/server/http';
import { reachOf } from 'lib/server/reach-cache';
import { paramsOf, parseQuery, reachQuerySchema } from 'lib/server/validate';
import Link from 'next/link';
import { reachMatrix } from 'lib/engine/reach/matrix';
import { suggestForReach } from 'lib/engine/whatif/suggest';
import { encodeChanges, MAX_CHANGES_PARAM } from 'lib/links/changes-param';
import { ProposedPolicies } from 'components/reach/proposed-policies';
import { endpointResolver, reachRows } from 'components/reach/reach-rows';
import { ReachMatrixView } from 'components/reach/reach-matrix';
import { ReachTable } from 'components/reach/reach-table';
import { ErrorNote } from 'components/ui/error-note';
import { ReachExportMenu } from 'components/export/reach-export-menu';

export const metadata: Metadata = { title: 'Reach' };

/** Peers the matrix draws at most (500 workloads are 250,000 cells; the grid is virtualised). */
const MAX_MATRIX_PEERS = 2000;

export default async function ReachPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = paramsOf(await searchParams);
  let data: Awaited<ReturnType<typeof loadReach>>;
  try {
    data = await loadReach(raw);
  } catch (err) {
    const problem = userError(err);
    if (!problem) throw err;
    return <ErrorNote title={problem.error} detail={problem.detail} />;
  }
  const {
    q,
    source,
    model,
    result,
    namespaces,
    filter,
    view,
    tabHref,
    matrix,
    resolve,
    proposal,
    proposalParam,
  } = data;
  const tab = (v: 'table' | 'matrix', text: string) => (
    <Link
      href={tabHref(v)}
      aria-current={view === v ? 'page' : undefined}
      className={`rounded-md px-3 py-1 text-sm font-medium ${view === v ? 'bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900' : 'border border-slate-300 dark:border-slate-600'}`}
    >
      {text}
    </Link>
  );
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">Reach</h1>
        <p className="text-sm text-slate-700 dark:text-slate-300">
          Which peer may open connections to which, according to the NetworkPolicies of{' '}
          <code className="font-mono">{source}</code>. Only allowed pairs are listed.
        </p>
      </div>
      <nav aria-label="Reach view" className="flex flex-wrap items-center gap-2">
        {tab('table', 'Table')}
        {tab('matrix', 'Matrix')}
        {!q.namespace && !proposal && (
          <Link
            href={`${tabHref(view)}&propose=1`}
            className="ml-auto text-sm text-blue-700 underline dark:text-blue-300"
          >
            Propose policies for this allowed set
          </Link>
        )}
        <div className={q.namespace || proposal ? 'ml-auto' : ''}>
          <ReachExportMenu
            result={{ pairs: result.pairs.map(({ from, to, conn }) => ({ from, to, conn })) }}
            stem={`packetpath-reach-${(q.namespace ?? 'all').replace(/[^A-Za-z0-9._-]+/g, '-')}`}
          />
        </div>
      </nav>
      {proposal && (
        <ProposedPolicies
          objects={proposal.objects}
          notes={proposal.notes}
          whatIfHref={
            proposalParam && proposalParam.length <= MAX_CHANGES_PARAM
              ? `/whatif?${new URLSearchParams({ source, changes: proposalParam }).toString()}`
              : undefined
          }
        />
      )}
      {matrix ? (
        matrix.peers.length > MAX_MATRIX_PEERS ? (
          <p className="text-sm">
            {matrix.peers.length} peers are more than the matrix draws ({MAX_MATRIX_PEERS}); choose a
            namespace in the table view to narrow it.
          </p>
        ) : (
          <ReachMatrixView
            matrix={matrix}
            endpoints={matrix.peers.map((p) => resolve(p) ?? null)}
            source={source}
          />
        )
      ) : (
        <ReachTable
          source={source}
          {...reachRows(model, source, result.pairs, filter)}
          all={result.pairs.length}
          filter={filter}
          namespaces={namespaces}
          namespace={q.namespace}
          granularity={q.granularity}
        />
      )}
    </div>
  );
}

/** Everything the page shows, computed before rendering so bad input becomes an error note. */
async function loadReach(raw: Record<string, string>) {
  const q = parseQuery(reachQuerySchema, raw);
  const source = q.source ?? defaultSourceId();
  const loaded = await getSource(source);
  const { model } = loaded;
  const result = reachOf(
    loaded,
    q.namespace ? { granularity: q.granularity, namespace: q.namespace } : { granularity: q.granularity },
  );
  const namespaces = [...model.namespaces.keys()].sort();
  const filter = raw.q?.trim().slice(0, 200) ?? '';
  const view = raw.view === 'matrix' ? 'matrix' : 'table';
  const tabHref = (v: string) =>
    `/reach?${new URLSearchParams({ source, granularity: q.granularity, ...(q.namespace ? { namespace: q.namespace } : {}), ...(filter ? { q: filter } : {}), ...(v === 'matrix' ? { view: v } : {}) }).toString()}`;
  const matrix = view === 'matrix' ? reachMatrix(result) : undefined;
  const resolve = endpointResolver(model);
  // Policies that produce exactly this allowed set on their own: as a what-if, every
  // existing NetworkPolicy is deleted and the proposal applied, so the reach diff shows
  // what the proposal would change (ideally nothing between workloads).
  const proposal = raw.propose === '1' && !q.namespace ? suggestForReach(model, result) : undefined;
  const proposalChanges = proposal
    ? {
        apply: proposal.objects,
        delete: model.networkPolicies.map((p) => ({
          kind: 'NetworkPolicy',
          namespace: p.namespace,
          name: p.name,
          apiVersion: 'networking.k8s.io/v1',
        })),
      }
    : undefined;
  const proposalParam = proposalChanges ? encodeChanges(proposalChanges) : undefined;
  return {
    q,
    source,
    model,
    result,
    namespaces,
    filter,
    view,
    tabHref,
    matrix,
    resolve,
    proposal,
    proposalParam,
  };
}
