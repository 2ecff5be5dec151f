import type { Metadata } from 'next';
import { getSourcesFor } from 'lib/server';
import { ownedByCaller } from 'lib/server/owned-sources';
import { userError } from 'lib/server/http';
import { ErrorNote } from 'components/ui/error-note';
import { DeleteSnapshotButton } from 'components/share/delete-snapshot-button';
import { SaveSnapshotForm } from 'components/share/save-snapshot-form';
import { DiffForm, DiffResult } from './diff-view';
import { diffSources, listSavedSnapshots, type SnapshotDiff } from 'lib/server/snapshots';
import { sourceId } from 'lib/model/source-id';
import { revealHidden } from 'lib/model/hidden-chars';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Snapshots' };

type Search = Promise<Record<string, string | string[] | undefined>>;
const DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

function one(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s?.trim() || undefined;
}

/** Saved snapshots: save the current state, download it for the CLI, compare two along a path. */
export default async function SnapshotsPage({ searchParams }: { searchParams: Search }) {
  const search = await searchParams;
  const owned = await ownedByCaller();
  const [saved, sources] = await Promise.all([
    listSavedSnapshots(owned),
    getSourcesFor(owned).catch(() => []),
  ]);
  const a = one(search.a);
  const b = one(search.b);
  const from = one(search.from);
  const to = one(search.to);
  const port = one(search.port);
  let diff: SnapshotDiff | undefined;
  let problem: { error: string; detail: string } | undefined;
  if (a && b) {
    try {
      const portNumber = port && /^\d+$/.test(port) ? Number(port) : undefined;
      diff = await diffSources(
        a,
        b,
        from && to ? { from, to, ...(portNumber ? { port: portNumber } : {}) } : undefined,
      );
    } catch (err) {
      problem = userError(err);
      if (!problem) throw err;
    }
  }
  return (
    <div className="max-w-5xl space-y-8">
      <section className="space-y-3">
        <h1 className="text-2xl font-bold">Snapshots</h1>
        <p className="text-sm text-slate-700 dark:text-slate-300">
          A snapshot freezes a source as it is now (Secrets, environment values and unneeded ConfigMap data
          removed). Download it for the CLI (<code>packetpath trace FILE --from … --to …</code>) or compare
          two snapshots along a path.
        </p>
        <SaveSnapshotForm sources={sources.map((s) => ({ id: s.id, title: s.title }))} />
      </section>

      <section aria-labelledby="saved-heading" className="space-y-2">
        <h2 id="saved-heading" className="text-lg font-semibold">
          Saved
        </h2>
        {saved.length === 0 ? (
          <p className="text-sm">No snapshot saved yet.</p>
        ) : (
          <table className="w-full text-left text-sm" data-testid="snapshot-list">
            <thead>
              <tr className="border-b border-slate-200 dark:border-slate-800">
                <th className="py-1 pr-3">Name</th>
                <th className="py-1 pr-3">From</th>
                <th className="py-1 pr-3">Objects</th>
                <th className="py-1 pr-3">Saved</th>
                <th className="py-1">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {saved.map((s) => (
                <tr key={s.id} className="border-b border-slate-100 dark:border-slate-800">
                  <td className="py-1.5 pr-3 font-medium break-words">{revealHidden(s.name)}</td>
                  <td className="py-1.5 pr-3 break-words">{revealHidden(s.meta.title ?? '')}</td>
                  <td className="py-1.5 pr-3">{s.objectCount}</td>
                  <td className="py-1.5 pr-3">
                    <time dateTime={s.createdAt}>{DATE.format(new Date(s.createdAt))} UTC</time>
                  </td>
                  <td className="space-x-3 py-1.5 whitespace-nowrap">
                    <a
                      href={`/api/snapshots/${s.id}/download`}
                      className="text-blue-700 underline dark:text-blue-300"
                      download
                    >
                      Download<span className="sr-only"> {revealHidden(s.name)}</span>
                    </a>
                    <a
                      href={`/trace?source=${encodeURIComponent(sourceId('snapshot', s.id))}`}
                      className="text-blue-700 underline dark:text-blue-300"
                    >
                      Trace<span className="sr-only"> {revealHidden(s.name)}</span>
                    </a>
                    <DeleteSnapshotButton id={s.id} purpose="snapshot" name={s.name} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="diff-heading" className="space-y-3">
        <h2 id="diff-heading" className="text-lg font-semibold">
          Compare
        </h2>
        <DiffForm
          choices={[
            ...saved.map((s) => ({ id: s.id, title: `${revealHidden(s.name)} (saved)` })),
            ...sources.map((s) => ({ id: s.id, title: s.title })),
          ]}
          values={{ a, b, from, to, port }}
        />
        {problem && <ErrorNote title={problem.error} detail={problem.detail} />}
        {diff && <DiffResult diff={diff} />}
      </section>
    </div>
  );
}
