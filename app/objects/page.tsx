import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getSource } from 'lib/server';
import { ApiError } from 'lib/server/errors';
import { loadOrProblem } from 'lib/server/http';
import { findObject, objectYaml } from 'lib/server/objects';
import { objectQuerySchema, paramsOf, parseQuery } from 'lib/server/validate';
import { CopyButton } from 'components/ui/copy-button';
import { ErrorNote } from 'components/ui/error-note';
import { revealHidden } from 'lib/model/hidden-chars';

export const metadata: Metadata = { title: 'Object' };

/** One object of a source as YAML: where evidence links lead without script or in a new tab. */
export default async function ObjectPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const loaded = await loadOrProblem(async () => {
    const { source, kind, namespace, name } = parseQuery(objectQuerySchema, paramsOf(await searchParams));
    const { snapshot, id } = await getSource(source);
    const ref = `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
    const obj = findObject(snapshot, kind, namespace, name);
    if (!obj) throw new ApiError(404, 'object not found', `${ref} is not in ${id}`);
    return { id, ref, yaml: objectYaml(obj) };
  });
  if ('problem' in loaded) {
    // A missing object or source answers HTTP 404 (this route has no loading.tsx, so it can).
    if (loaded.problem.status === 404) notFound();
    return <ErrorNote title={loaded.problem.error} detail={loaded.problem.detail} />;
  }
  const { id, ref, yaml } = loaded.value;
  return (
    <div className="max-w-5xl space-y-3">
      <p className="text-sm">
        <Link
          href={`/lint?source=${encodeURIComponent(id)}`}
          className="text-blue-700 underline dark:text-blue-300"
        >
          {id}
        </Link>
      </p>
      <div className="flex items-center gap-3">
        <h1 className="text-2xl font-bold [overflow-wrap:anywhere]">{revealHidden(ref)}</h1>
        <CopyButton text={yaml} label="Copy YAML" />
      </div>
      <pre className="overflow-auto rounded-lg border border-slate-200 bg-slate-50 p-4 font-mono text-xs leading-relaxed dark:border-slate-800 dark:bg-slate-900">
        <code>{revealHidden(yaml)}</code>
      </pre>
    </div>
  );
}
