// `packetpath reach INPUT... [--granularity workload|owner|pod] [-o json|yaml|txt|md|dot|mermaid|csv] [-n NS]
//  [--to PEER | --from PEER [--denied]]
//  [--ipblock-pods match|outside] [--with FILE]... [--without KIND/NS/NAME]... [--diff] [--live] [--verbose]`:
// which peer may connect to which (shared/contracts/cli.md); with `--diff`, what the
// changes do to it.

import { formatReach, REACH_FORMATS } from '../../../lib/engine/format/reach';
import { formatReachDiff, REACH_DIFF_FORMATS, type ReachDiffFormat } from '../../../lib/engine/format/whatif';
import {
  computeReach,
  findPeer,
  focusReach,
  ReachBoundError,
  reachPeerNames,
} from '../../../lib/engine/reach';
import type { ReachOptions } from '../../../lib/engine/reach';
import type { ReachResult } from '../../../lib/engine/types';
import { reachBounds, reachBudget } from '../../../lib/server/reach-bounds';
import { diffReach } from '../../../lib/engine/whatif/diff';
import { choice, parseArgs, text, UsageError } from '../args';
import { INPUT_OPTIONS, loadInputs } from '../inputs';
import { ipblockPodsFlag } from './trace';

const SPEC = {
  ...INPUT_OPTIONS,
  granularity: true,
  format: true,
  namespace: true,
  diff: false,
  'ipblock-pods': true,
  to: true,
  from: true,
  denied: false,
} as const;

/**
 * `--to PEER` (who can reach PEER) or `--from PEER` (what PEER can reach): only the pairs
 * with PEER at that end; `--denied` adds the peers with no connection at all, as pairs
 * whose connection is `No Connections`.
 */
function focusOf(args: ReturnType<typeof parseArgs>) {
  const to = text(args, 'to');
  const from = text(args, 'from');
  const denied = args.flags.has('denied');
  if (to !== undefined && from !== undefined) throw new UsageError('--to and --from: give one of them');
  if (denied && to === undefined && from === undefined)
    throw new UsageError('--denied needs --to PEER or --from PEER');
  if (to !== undefined) return { direction: 'to' as const, typed: to, denied };
  if (from !== undefined) return { direction: 'from' as const, typed: from, denied };
  return undefined;
}

function focused(
  result: ReachResult,
  model: Parameters<typeof reachPeerNames>[0],
  options: ReachOptions,
  focus: NonNullable<ReturnType<typeof focusOf>>,
): ReachResult {
  const peers = reachPeerNames(model, options);
  const peer = findPeer(peers, focus.typed);
  if (!peer) {
    const near = peers.filter((p) => p.toLowerCase().includes(focus.typed.toLowerCase())).slice(0, 5);
    throw new UsageError(
      `--${focus.direction} ${focus.typed}: no single peer has that name${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`,
    );
  }
  const { allowed, denied } = focusReach(result.pairs, peers, { direction: focus.direction, peer });
  if (!focus.denied) return { ...result, pairs: allowed };
  const none = denied.map((p) =>
    focus.direction === 'to'
      ? { from: p, to: peer, conn: 'No Connections' }
      : { from: peer, to: p, conn: 'No Connections' },
  );
  return { ...result, pairs: [...allowed, ...none] };
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, SPEC, { short: { o: 'format', n: 'namespace' } });
  const granularity = choice(args, 'granularity', ['workload', 'owner', 'pod'] as const, 'workload');
  const focus = focusOf(args);
  if (focus && args.flags.has('diff'))
    throw new UsageError('--diff lists every pair: leave out --to / --from');
  const format = choice(args, 'format', REACH_FORMATS, 'txt');
  const namespace = text(args, 'namespace');
  const diff = args.flags.has('diff');
  if (diff && !args.lists.get('with')?.length && !args.lists.get('without')?.length) {
    throw new UsageError('--diff needs changes: --with FILE or --without KIND/NAMESPACE/NAME');
  }
  if (diff && !(REACH_DIFF_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--diff prints ${REACH_DIFF_FORMATS.join(', ')}, not ${format}`);
  const ipblockPods = ipblockPodsFlag(args);
  const loaded = await loadInputs(args, { keepBase: diff });
  if (!loaded.ok) return loaded.exitCode;
  const options: ReachOptions = {
    granularity,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(ipblockPods ? { ipblockPods } : {}),
  };
  // The reach on user data is bounded (pairs, heap, PACKETPATH_REACH_TIMEOUT_MS if set):
  // past a bound, exit 2 saying which, never a heap exhausted.
  let budget;
  try {
    budget = reachBudget();
  } catch (err) {
    throw err instanceof RangeError ? new UsageError(err.message) : err;
  }
  let result, base;
  try {
    result = computeReach(loaded.model, options, reachBounds(budget));
    if (diff && loaded.base) base = computeReach(loaded.base, options, reachBounds(budget));
  } catch (err) {
    if (!(err instanceof ReachBoundError)) throw err;
    process.stderr.write(`packetpath reach: ${err.message}\n`);
    return 2;
  }
  if (base) {
    process.stdout.write(formatReachDiff(diffReach(base, result), format as ReachDiffFormat, loaded.whatIf));
    return 0;
  }
  const shown = focus ? focused(result, loaded.model, options, focus) : result;
  process.stdout.write(
    formatReach({ ...shown, ...(loaded.whatIf ? { whatIf: loaded.whatIf } : {}) }, format),
  );
  return 0;
}
