import { revealHidden } from 'lib/model/hidden-chars';
import type { Metadata } from 'next';
import Link from 'next/link';
import { getStore } from 'lib/store';
import { sourceId } from 'lib/model/source-id';
import { ownedByCaller } from 'lib/server/owned-sources';
import { ACCEPTED_EXTENSIONS, UPLOAD_LIMITS } from 'lib/server/upload';
import { DeleteSnapshotButton } from 'components/share/delete-snapshot-button';
import { UploadForm } from 'components/upload/upload-form';
import { DumpCommands } from 'components/upload/dump-commands';
import { RenameUpload } from 'components/upload/rename-upload';
import { kubectlDumpCommand, SNAPSHOT_COMMAND } from 'lib/ingest/live/dump-command';

export const metadata: Metadata = { title: 'Upload' };

const MiB = 1024 * 1024;
const DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export default async function UploadPage() {
  const limits = `${ACCEPTED_EXTENSIONS.join(', ')} (or the same .gz) · at most ${Math.round(UPLOAD_LIMITS.maxFileBytes / MiB)} MiB per file, ${UPLOAD_LIMITS.maxTotalBytes / MiB} MiB and ${UPLOAD_LIMITS.maxFiles} files in total`;
  // The page still offers the upload form when the store is down; the list then stays empty.
  // Only this browser's uploads (lib/server/owned-sources.ts): ids are not listed to everyone.
  const owned = await ownedByCaller();
  const uploads = await getStore()
    .then((s) => s.listSnapshots('upload'))
    .then((all) => all.filter((u) => owned.has(sourceId('upload', u.id))))
    .catch(() => []);
  return (
    <div className="max-w-3xl space-y-8">
      <section className="space-y-4">
        <h1 className="text-2xl font-bold">Upload a cluster dump or manifests</h1>
        <p className="text-slate-700 dark:text-slate-300">
          A <code className="font-mono">packetpath snapshot</code> file, the files of the kubectl dump below,
          or plain manifests (Deployments stand for the pods they would create). Several files make one
          source. Secrets are not needed: they are removed before anything is stored.
        </p>
        <DumpCommands kubectl={kubectlDumpCommand()} snapshot={SNAPSHOT_COMMAND} />
        <UploadForm accept={[...ACCEPTED_EXTENSIONS, '.gz']} limits={limits} />
      </section>
      <section aria-labelledby="uploads-heading" className="space-y-2">
        <h2 id="uploads-heading" className="text-lg font-semibold">
          Your uploads
        </h2>
        {uploads.length === 0 ? (
          <p className="text-sm text-slate-700 dark:text-slate-300">
            Nothing uploaded yet. Uploaded sources also appear in the source picker at the top.
          </p>
        ) : (
          <ul
            className="divide-y divide-slate-200 rounded-lg border border-slate-200 text-sm dark:divide-slate-800 dark:border-slate-800"
            data-testid="upload-list"
          >
            {uploads.map((u) => (
              <li
                key={u.id}
                className="flex flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2"
                data-upload={u.id}
              >
                <RenameUpload id={u.id} name={u.name} />
                <span className="text-slate-600 dark:text-slate-300">
                  {u.objectCount} objects ·{' '}
                  <time dateTime={u.createdAt}>{DATE.format(new Date(u.createdAt))} UTC</time>
                </span>
                <span className="space-x-3 whitespace-nowrap">
                  <Link
                    href={`/trace?source=${encodeURIComponent(sourceId('upload', u.id))}`}
                    className="text-blue-700 underline dark:text-blue-300"
                  >
                    Trace<span className="sr-only"> {revealHidden(u.name)}</span>
                  </Link>
                  <Link
                    href={`/lint?source=${encodeURIComponent(sourceId('upload', u.id))}`}
                    className="text-blue-700 underline dark:text-blue-300"
                  >
                    Lint<span className="sr-only"> {revealHidden(u.name)}</span>
                  </Link>
                  <DeleteSnapshotButton id={u.id} purpose="upload" name={u.name} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
