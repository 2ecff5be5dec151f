'use client';

import { revealHidden } from 'lib/model/hidden-chars';
import { useRouter } from 'next/navigation';
import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { ApiProblem, uploadSources, type ProblemBody } from 'components/api/client';
import { UploadSummaryCard } from './upload-summary-card';

const kib = (n: number) =>
  n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;

export function UploadForm({ accept, limits }: { accept: readonly string[]; limits: string }) {
  const router = useRouter();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [dragging, setDragging] = useState(false);
  const upload = useMutation({
    mutationFn: uploadSources,
    onSuccess: () => {
      setFiles([]);
      // The list of uploads below shows the new one.
      router.refresh();
    },
  });
  // The server's own words (file, document, field of each problem) when it refused the files.
  const failure: ProblemBody | undefined = upload.error
    ? upload.error instanceof ApiProblem
      ? upload.error.body
      : { error: 'upload failed', detail: upload.error.message }
    : undefined;
  const busy = upload.isPending;
  const done = upload.data
    ? { source: upload.data.id, name: upload.data.title || upload.data.id, summary: upload.data.summary }
    : undefined;

  const add = (list: FileList | null) => {
    if (!list) return;
    const names = new Set(files.map((f) => f.name));
    setFiles([...files, ...[...list].filter((f) => !names.has(f.name))]);
    upload.reset();
  };

  return (
    <div className="space-y-4">
      <div
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          add(e.dataTransfer.files);
        }}
        className={`flex flex-col items-center gap-2 rounded-xl border-2 border-dashed p-10 text-center focus-within:ring-4 focus-within:ring-blue-500/60 ${
          dragging ? 'border-blue-600 bg-blue-50 dark:bg-blue-950' : 'border-slate-300 dark:border-slate-700'
        }`}
      >
        <p className="font-medium">Drop YAML or JSON files here</p>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          or{' '}
          <label
            htmlFor={inputId}
            className="cursor-pointer font-medium text-blue-700 underline dark:text-blue-300"
          >
            choose files
          </label>
        </p>
        <input
          ref={input}
          id={inputId}
          type="file"
          multiple
          accept={accept.join(',')}
          className="sr-only"
          onChange={(e) => add(e.target.files)}
        />
        <p className="text-xs text-slate-600 dark:text-slate-300">{limits}</p>
      </div>

      {files.length > 0 && (
        <div>
          <h2 className="mb-1 text-sm font-semibold">Files to upload</h2>
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 text-sm dark:divide-slate-800 dark:border-slate-800">
            {files.map((f) => (
              <li key={f.name} className="flex items-center gap-3 px-3 py-1.5">
                <span className="font-mono">{revealHidden(f.name)}</span>
                <span className="text-slate-600 dark:text-slate-300">{kib(f.size)}</span>
                <button
                  type="button"
                  className="ml-auto text-xs underline"
                  onClick={() => setFiles(files.filter((x) => x !== f))}
                  aria-label={`Remove ${f.name}`}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}

      <button
        type="button"
        disabled={files.length === 0 || busy}
        onClick={() => upload.mutate(files)}
        className="rounded-md bg-blue-700 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-800 disabled:cursor-not-allowed disabled:bg-slate-200 disabled:text-slate-600 dark:bg-blue-500 dark:text-slate-950 dark:disabled:bg-slate-800 dark:disabled:text-slate-300"
      >
        {busy ? 'Uploading…' : `Upload ${files.length || ''} file${files.length === 1 ? '' : 's'}`}
      </button>

      {done && <UploadSummaryCard {...done} />}
      {failure && (
        <div
          role="alert"
          className="rounded-lg border border-red-300 bg-red-50 p-4 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
          data-testid="upload-error"
        >
          <p className="font-semibold">
            <span aria-hidden="true">✖ </span>
            {failure.error.charAt(0).toUpperCase() + failure.error.slice(1)}
          </p>
          {failure.problems && failure.problems.length > 0 ? (
            <ul className="mt-2 space-y-1 text-sm">
              {failure.problems.map((p, i) => (
                <li key={i} data-problem-file={p.file}>
                  {p.file && <strong className="font-mono">{p.file}</strong>}
                  {p.document !== undefined && <span>, document {p.document}</span>}
                  {p.line !== undefined && <span>, line {p.line}</span>}
                  {p.field && (
                    <span>
                      , field <code className="font-mono">{p.field}</code>
                    </span>
                  )}
                  : {p.reason ?? p.message}
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-1 text-sm whitespace-pre-wrap">{failure.detail}</p>
          )}
        </div>
      )}
    </div>
  );
}
