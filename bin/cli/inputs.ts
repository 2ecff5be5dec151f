// Shared INPUT loading for every command that reads cluster state: files/directories
// (or `--live`) → snapshot → what-if changes (`--with`, `--without`) → model. Bad input
// is printed as one line per problem, `packetpath: FILE: document N: FIELD: REASON`, and
// the command exits 2; files that hold no Kubernetes object are skipped with a warning;
// `--verbose` also lists every ignored object and assumption.

import {
  applyChanges,
  IngestError,
  IngestErrors,
  loadModel,
  parseDeleteRef,
  readInputs,
  type Changes,
  type DeleteRef,
} from '../../lib/ingest';
import { captureSnapshot, LiveConfigError, LiveUnreachableError } from '../../lib/ingest/live/index';
import type { ClusterModel, IngestWarning, Snapshot } from '../../lib/model/types';
import type { WhatIfSummary } from '../../lib/engine/types';
import { text, UsageError, type OptionKind, type ParsedArgs } from './args';

/** The options of every command that reads INPUT (shared/contracts/cli.md). */
export const INPUT_OPTIONS = {
  verbose: false,
  with: 'list',
  without: 'list',
  live: false,
  kubeconfig: true,
  context: true,
} as const satisfies Record<string, OptionKind>;

export type LoadResult =
  | {
      readonly ok: true;
      readonly model: ClusterModel;
      readonly warnings: readonly IngestWarning[];
      readonly whatIf?: WhatIfSummary;
      readonly base?: ClusterModel;
    }
  | { readonly ok: false; readonly exitCode: 2 };

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

export interface LoadOptions {
  /** Where messages go (default: process.stderr). */
  readonly write?: (text: string) => void;
}

function deleteRefs(args: ParsedArgs): DeleteRef[] {
  return (args.lists.get('without') ?? []).map((t) => {
    const ref = parseDeleteRef(t);
    if (!ref)
      throw new UsageError(
        `--without "${t}" is not KIND/NAMESPACE/NAME (or KIND/NAME for a cluster-scoped kind)`,
      );
    return ref;
  });
}

async function baseSnapshot(args: ParsedArgs): Promise<{ snapshot: Snapshot; warnings: IngestWarning[] }> {
  if (args.flags.has('live')) {
    if (args.positionals.length > 0)
      throw new UsageError(`--live reads the cluster instead of INPUT; remove "${args.positionals[0]}"`);
    const kubeconfig = text(args, 'kubeconfig');
    const context = text(args, 'context');
    return {
      snapshot: await captureSnapshot({
        ...(kubeconfig ? { kubeconfig } : {}),
        ...(context ? { context } : {}),
      }),
      warnings: [],
    };
  }
  if (args.flags.has('kubeconfig') || args.flags.has('context'))
    throw new UsageError('--kubeconfig and --context go with --live');
  if (args.positionals.length === 0)
    throw new UsageError('needs at least one INPUT file or directory (or --live)');
  return readInputs([...args.positionals]);
}

/**
 * Reads INPUT (or the live cluster), lays the --with / --without changes over it and
 * builds the model. Never throws for bad input: prints the problems and returns
 * `{ ok: false, exitCode: 2 }`. Throws `UsageError` for bad usage; any other exception
 * is a bug and propagates. `base` (the model without the changes) is there when
 * `keepBase` is set and changes were given, for `reach --diff`.
 */
export async function loadInputs(
  args: ParsedArgs,
  options: LoadOptions & { keepBase?: boolean } = {},
): Promise<LoadResult> {
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  const verbose = args.flags.has('verbose');
  const withFiles = args.lists.get('with') ?? [];
  const without = deleteRefs(args);
  try {
    const { snapshot, warnings } = await baseSnapshot(args);
    let changed = snapshot;
    let whatIf: WhatIfSummary | undefined;
    if (withFiles.length > 0 || without.length > 0) {
      const applied = withFiles.length > 0 ? await readInputs(withFiles) : undefined;
      const changes: Changes = { apply: applied?.snapshot.objects ?? [], delete: without };
      const result = applyChanges(snapshot, changes);
      changed = result.snapshot;
      whatIf = { applied: result.applied, removed: result.removed };
      if (applied) warnings.push(...applied.warnings);
    }
    const model = loadModel(changed);
    const seen = new Set<string>();
    const all = [...warnings, ...model.warnings].filter((w) => {
      const line = warningLine(w);
      if (seen.has(line)) return false;
      seen.add(line);
      return true;
    });
    for (const w of all) if (verbose || ALWAYS_SHOWN.has(w.code)) write(warningLine(w));
    const base = whatIf && options.keepBase ? loadModel(snapshot) : undefined;
    return { ok: true, model, warnings: all, ...(whatIf ? { whatIf } : {}), ...(base ? { base } : {}) };
  } catch (error) {
    if (error instanceof LiveConfigError || error instanceof LiveUnreachableError) {
      write(`packetpath: ${error.message}\n`);
      return { ok: false, exitCode: 2 };
    }
    if (!(error instanceof IngestError)) throw error;
    const problems = error instanceof IngestErrors ? error.errors : [error];
    for (const problem of problems) write(`packetpath: ${problem.message}\n`);
    return { ok: false, exitCode: 2 };
  }
}
