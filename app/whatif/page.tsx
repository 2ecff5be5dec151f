import type { Metadata } from 'next';
import Link from 'next/link';
import type { TraceQuery } from 'lib/engine/types';
import { NO_CHANGES, changeLabel } from 'lib/ingest';
import { decodeChanges } from 'lib/links/changes-param';
import type { ClusterModel, KubeObject } from 'lib/model/types';
import { defaultSourceId, getSource } from 'lib/server';
import { errorResponse } from 'lib/server/http';
import { paramsOf, parseTraceQuery } from 'lib/server/validate';
import { runWhatIf, type WhatIfAnswer } from 'lib/server/whatif';
import type { ProblemBody } from 'components/api/client';
import { traceHref } from 'components/trace/trace-href';
import { ErrorNote } from 'components/ui/error-note';
import { WhatIfWorkbench, type EditableObject } from 'components/whatif/workbench';

export const metadata: Metadata = { title: 'What-if' };
export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Kinds people change to fix a path: policies of every dialect, Services, MetalLB objects. */
const EDITABLE_KINDS = [
  'NetworkPolicy',
  'GlobalNetworkPolicy',
  'CiliumNetworkPolicy',
  'CiliumClusterwideNetworkPolicy',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
  'Service',
  'IPAddressPool',
  'L2Advertisement',
  'BGPAdvertisement',
];
const MAX_EDITABLE = 300;

const namespaceOfEndpoint = (endpoint: string | undefined) =>
  /^(?:pod|svc|deploy|sts|ds|rs|job):([^/]+)\//.exec(endpoint ?? '')?.[1];

function editableObjects(model: ClusterModel, namespaces: readonly string[]): EditableObject[] {
  const out: EditableObject[] = [];
  for (const kind of EDITABLE_KINDS) {
    for (const o of model.objectsByKind.get(kind) ?? []) {
      const ns = o.metadata.namespace;
      // Services only from the namespaces of the query; policies and cluster objects everywhere.
      if (kind === 'Service' && namespaces.length > 0 && !namespaces.includes(ns ?? 'default')) continue;
      out.push({ label: changeLabel(o.kind, ns, o.metadata.name ?? ''), object: o });
      if (out.length >= MAX_EDITABLE) return out;
    }
  }
  return out.sort((a, b) => a.label.localeCompare(b.label));
}

export default async function WhatIfPage({ searchParams }: { searchParams: Search }) {
  const search = await searchParams;
  const raw = paramsOf(search);
  const source = raw.source ?? defaultSourceId();
  const changes = decodeChanges(raw.changes) ?? NO_CHANGES;
  const badChanges = raw.changes !== undefined && decodeChanges(raw.changes) === undefined;

  let query: TraceQuery | undefined;
  let answer: WhatIfAnswer | undefined;
  let problem: ProblemBody | undefined;
  let model: ClusterModel | undefined;
  try {
    if (raw.from || raw.to) {
      const { source: _s, ...q } = parseTraceQuery(search);
      query = q;
    }
    model = (await getSource(source)).model;
    if (changes.apply.length + changes.delete.length > 0)
      answer = await runWhatIf({ source, changes, ...(query ? { query } : {}) });
  } catch (err) {
    const res = errorResponse(err);
    if (res.status >= 500) throw err;
    problem = (await res.json()) as ProblemBody;
  }

  const ns = namespaceOfEndpoint(query?.from) ?? 'default';
  const peerNs = namespaceOfEndpoint(query?.to);
  const svcName = /^svc:[^/]+\/(.+)$/.exec(query?.to ?? '')?.[1];
  const service: KubeObject | undefined = svcName
    ? model?.objectsByKind
        .get('Service')
        ?.find((o) => o.metadata.name === svcName && (o.metadata.namespace ?? 'default') === peerNs)
    : undefined;
  const pools = (model?.objectsByKind.get('IPAddressPool') ?? []).map((p) => ({
    name: p.metadata.name ?? '',
    namespace: p.metadata.namespace ?? 'metallb-system',
  }));

  return (
    <div className="space-y-4">
      <header className="space-y-1">
        <h1 className="text-xl font-bold">What-if</h1>
        <p className="text-sm text-slate-700 dark:text-slate-300">
          Changes laid over <code className="text-xs">{source}</code> before anything is applied to the
          cluster
          {query ? (
            <>
              , traced from <code className="text-xs">{query.from}</code> to{' '}
              <code className="text-xs">{query.to}</code>
              {query.port ? ` on ${query.protocol ?? 'TCP'} ${query.port}` : ''} (
              <Link className="text-blue-700 underline dark:text-blue-300" href={traceHref(source, query)}>
                back to the trace
              </Link>
              )
            </>
          ) : null}
          .
        </p>
      </header>
      {badChanges && (
        <ErrorNote
          title="unreadable changes"
          detail="The link's changes parameter is not one packetpath wrote; starting with no changes."
        />
      )}
      {model ? (
        <WhatIfWorkbench
          source={source}
          {...(query ? { query } : {})}
          initialObjects={changes.apply}
          initialDeletes={changes.delete}
          {...(answer ? { initialAnswer: answer } : {})}
          {...(problem ? { initialProblem: problem } : {})}
          templateContext={{
            namespace: ns,
            ...(peerNs ? { peerNamespace: peerNs } : {}),
            pools,
            ...(service ? { service } : {}),
          }}
          editable={editableObjects(model, [ns, ...(peerNs ? [peerNs] : [])])}
        />
      ) : (
        problem && <ErrorNote title={problem.error} detail={problem.detail} />
      )}
    </div>
  );
}
