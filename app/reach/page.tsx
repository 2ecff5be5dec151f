import type { Metadata } from 'next';
import Link from 'next/link';
import { defaultSourceId, getSource, sourceTitle } from 'lib/server';
import { ApiError } from 'lib/server/errors';
import { loadOrProblem } from 'lib/server/http';
import { reachOf } from 'lib/server/reach-cache';
import { paramsOf, parseQuery, reachPageQuerySchema } from 'lib/server/validate';
import { reachMatrix } from 'lib/engine/reach/matrix';
import { clusterRanges, findPeer, focusReach, rangeWords, reachPeerNames } from 'lib/engine/reach';
import { suggestForReach } from 'lib/engine/whatif/suggest';
import { encodeChanges, MAX_CHANGES_PARAM } from 'lib/links/changes-param';
import { ProposedPolicies } from 'components/reach/proposed-policies';
import { endpointResolver, reachRows } from 'components/reach/reach-rows';
import { ReachFocusAnswer, ReachFocusForm } from 'components/reach/reach-focus';
import { ReachMatrixView } from 'components/reach/reach-matrix';
import { ReachTable } from 'components/reach/reach-table';
import { ErrorNote } from 'components/ui/error-note';
import { ReachExportMenu } from 'components/export/reach-export-menu';
import { revealHidden } from 'lib/model/hidden-chars';

export const metadata: Metadata = { title: 'Reach' };

/** Peers the matrix draws at most (500 workloads are 250,000 cells; the grid is virtualised). */
const MAX_MATRIX_PEERS = 2000;

type View = 'table' | 'matrix' | 'focus';

/** Everything the page shows, computed before any JSX (errors become a problem note). */
async function loadReach(search: Record<string, string | string[] | undefined>) {
  const raw = paramsOf(search);
  const q = parseQuery(reachPageQuerySchema, raw);
  const source = q.source ?? defaultSourceId();
  const loaded = await getSource(source);
  const { model } = loaded;
  const options = q.namespace
    ? { granularity: q.granularity, namespace: q.namespace }
    : { granularity: q.granularity };
  const result = await reachOf(loaded, options);
  const filter = raw.q?.trim().slice(0, 200) ?? '';
  const view: View = q.mode ? 'focus' : raw.view === 'matrix' ? 'matrix' : 'table';
  const peers = reachPeerNames(model, { granularity: q.granularity });
  const cluster = clusterRanges(model);
  let focus;
  if (q.mode && q.peer) {
    const peer = findPeer(peers, q.peer);
    if (!peer) {
      const near = peers.filter((p) => p.toLowerCase().includes(q.peer!.toLowerCase())).slice(0, 5);
      throw new ApiError(
        404,
        'unknown peer',
        `no single peer of ${source} is named ${q.peer}${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`,
      );
    }
    const answer = focusReach(result.pairs, peers, { direction: q.mode, peer });
    focus = {
      direction: q.mode,
      peer,
      peerWords: rangeWords(peer, cluster),
      rows: reachRows(model, source, answer.allowed).rows,
      denied: q.denied
        ? answer.denied.map((name) => ({ name, words: rangeWords(name, cluster) }))
        : undefined,
    };
  }
  // Policies that produce exactly this allowed set on their own: as a what-if, every
  // existing NetworkPolicy is deleted and the proposal applied, so the reach diff shows
  // what the proposal would change (ideally nothing between workloads).
  // The what-if diff compares reach at workload granularity, so the proposal is made from it.
  const proposal =
    raw.propose === '1' && !q.namespace
      ? suggestForReach(model, await reachOf(loaded, { granularity: 'workload' }))
      : undefined;
  const proposalParam = proposal
    ? encodeChanges({
        apply: proposal.objects,
        delete: model.networkPolicies.map((p) => ({
          kind: 'NetworkPolicy',
          namespace: p.namespace,
          name: p.name,
          apiVersion: 'networking.k8s.io/v1',
        })),
      })
    : undefined;
  const matrix = view === 'matrix' ? reachMatrix(result) : undefined;
  const resolve = endpointResolver(model);
  return {
    q,
    source,
    title: await sourceTitle(loaded),
    view,
    filter,
    peers,
    focus,
    proposal,
    proposalParam,
    matrix,
    matrixEndpoints: matrix ? matrix.peers.map((p) => resolve(p) ?? null) : [],
    table: view === 'table' ? reachRows(model, source, result.pairs, filter) : undefined,
    all: result.pairs.length,
    pairs: result.pairs.map(({ from, to, conn }) => ({ from, to, conn })),
    namespaces: [...model.namespaces.keys()].sort(),
  };
}

export default async function ReachPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const loaded = await loadOrProblem(async () => loadReach(await searchParams));
  if ('problem' in loaded) return <ErrorNote title={loaded.problem.error} detail={loaded.problem.detail} />;
  const { q, source, title, view, filter, peers, focus, proposal, proposalParam, matrix } = loaded.value;
  const tabHref = (v: View) =>
    `/reach?${new URLSearchParams({
      source,
      granularity: q.granularity,
      ...(q.namespace && v !== 'focus' ? { namespace: q.namespace } : {}),
      ...(filter && v === 'table' ? { q: filter } : {}),
      ...(v === 'matrix' ? { view: v } : {}),
      ...(v === 'focus' ? { mode: q.mode ?? 'to' } : {}),
    }).toString()}`;
  const tab = (v: View, text: string) => (
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
          <strong className="[overflow-wrap:anywhere]">{revealHidden(title)}</strong>. Only allowed pairs are
          listed, unless you ask for the denied ones.
        </p>
      </div>
      <nav aria-label="Reach view" className="flex flex-wrap items-center gap-2">
        {tab('table', 'All pairs')}
        {tab('focus', 'Who can reach…')}
        {tab('matrix', 'Matrix')}
        {!q.namespace && !proposal && view !== 'focus' && (
          <Link
            href={`${tabHref(view)}&propose=1`}
            className="ml-auto text-sm text-blue-700 underline dark:text-blue-300"
          >
            Propose policies for this allowed set
          </Link>
        )}
        <div className={q.namespace || proposal || view === 'focus' ? 'ml-auto' : ''}>
          <ReachExportMenu
            result={{ pairs: loaded.value.pairs }}
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
      {view === 'focus' && (
        <>
          <ReachFocusForm
            source={source}
            granularity={q.granularity}
            direction={q.mode ?? 'to'}
            peer={focus?.peer ?? q.peer ?? ''}
            denied={q.denied === '1'}
            peers={peers}
          />
          {focus && <ReachFocusAnswer {...focus} />}
        </>
      )}
      {matrix &&
        (matrix.peers.length > MAX_MATRIX_PEERS ? (
          <p className="text-sm">
            {matrix.peers.length} peers are more than the matrix draws ({MAX_MATRIX_PEERS}); choose a
            namespace in the table view to narrow it.
          </p>
        ) : (
          <ReachMatrixView matrix={matrix} endpoints={loaded.value.matrixEndpoints} source={source} />
        ))}
      {loaded.value.table && (
        <ReachTable
          source={source}
          {...loaded.value.table}
          all={loaded.value.all}
          filter={filter}
          namespaces={loaded.value.namespaces}
          namespace={q.namespace}
          granularity={q.granularity}
        />
      )}
    </div>
  );
}
