// `packetpath reach INPUT... [--granularity workload|pod] [-o json|yaml|txt|md] [-n NS]
//  [--ipblock-pods match|outside] [--with FILE]... [--without KIND/NS/NAME]... [--diff] [--live] [--verbose]`:
// which peer may connect to which (shared/contracts/cli.md); with `--diff`, what the
// changes do to it.

import { formatReach, REACH_FORMATS } from '../../../lib/engine/format/reach';
import { formatReachDiff } from '../../../lib/engine/format/whatif';
import { computeReach, ReachBoundError } from '../../../lib/engine/reach';
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
} as const;

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, SPEC, { short: { o: 'format', n: 'namespace' } });
  const granularity = choice(args, 'granularity', ['workload', 'pod'] as const, 'workload');
  const format = choice(args, 'format', REACH_FORMATS, 'txt');
  const namespace = text(args, 'namespace');
  const diff = args.flags.has('diff');
  if (diff && !args.lists.get('with')?.length && !args.lists.get('without')?.length) {
    throw new UsageError('--diff needs changes: --with FILE or --without KIND/NAMESPACE/NAME');
  }
  const ipblockPods = ipblockPodsFlag(args);
  const loaded = await loadInputs(args, { keepBase: diff });
  if (!loaded.ok) return loaded.exitCode;
  const options = {
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
    process.stdout.write(formatReachDiff(diffReach(base, result), format, loaded.whatIf));
    return 0;
  }
  process.stdout.write(
    formatReach({ ...result, ...(loaded.whatIf ? { whatIf: loaded.whatIf } : {}) }, format),
  );
  return 0;
}
