// Shared INPUT loading for every command: files/directories → snapshot → model.
// Bad input is printed as one line per problem, `packetpath: FILE: document N: FIELD:
// REASON`, and the command exits 2; files that hold no Kubernetes object are skipped
// with a warning; `--verbose` also lists every ignored object and assumption.

import { IngestError, IngestErrors, loadModel, readInputs } from '../../lib/ingest';
import type { ClusterModel, IngestWarning } from '../../lib/model/types';
import { UsageError } from './args';

export type LoadResult =
  | { readonly ok: true; readonly model: ClusterModel; readonly warnings: readonly IngestWarning[] }
  | { readonly ok: false; readonly exitCode: 2 };

export interface LoadOptions {
  readonly verbose?: boolean;
  /** Where messages go (default: process.stderr). */
  readonly write?: (text: string) => void;
}

/** Warnings a user must always see; the rest are listed only with --verbose. */
const ALWAYS_SHOWN: ReadonlySet<IngestWarning['code']> = new Set(['NOT_KUBERNETES', 'DUPLICATE_OBJECT']);

function location(w: IngestWarning): string {
  const parts: string[] = [];
  if (w.origin?.file !== undefined && !w.message.startsWith(w.origin.file)) {
    parts.push(w.origin.file);
    if (w.origin.doc !== undefined) parts.push(`document ${w.origin.doc + 1}`);
  }
  return parts.map((p) => `${p}: `).join('');
}

function warningLine(w: IngestWarning): string {
  const label = w.code === 'IGNORED_KIND' ? 'ignored' : 'warning';
  return `packetpath: ${label}: ${location(w)}${w.message}\n`;
}

/**
 * Reads every INPUT path and builds the model. Never throws for bad input: prints the
 * problems and returns `{ ok: false, exitCode: 2 }`. Throws `UsageError` when no path
 * is given; any other exception is a bug and propagates.
 */
export async function loadInputs(paths: readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  const write = options.write ?? ((text: string) => void process.stderr.write(text));
  if (paths.length === 0) throw new UsageError('needs at least one INPUT file or directory');
  try {
    const { snapshot, warnings } = await readInputs([...paths]);
    const model = loadModel(snapshot);
    const seen = new Set<string>();
    const all = [...warnings, ...model.warnings].filter((w) => {
      const line = warningLine(w);
      if (seen.has(line)) return false;
      seen.add(line);
      return true;
    });
    for (const w of all) if (options.verbose || ALWAYS_SHOWN.has(w.code)) write(warningLine(w));
    return { ok: true, model, warnings: all };
  } catch (error) {
    if (!(error instanceof IngestError)) throw error;
    const problems = error instanceof IngestErrors ? error.errors : [error];
    for (const problem of problems) write(`packetpath: ${problem.message}\n`);
    return { ok: false, exitCode: 2 };
  }
}
