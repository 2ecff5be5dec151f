// `packetpath reach INPUT... [--granularity workload|pod] [-o json|yaml|txt|md|dot|mermaid|csv] [-n NS]
//  [--ipblock-pods match|outside] [--with FILE]... [--without KIND/NS/NAME]... [--diff] [--live] [--verbose]`:
// which peer may connect to which (shared/contracts/cli.md); with `--diff`, what the
// changes do to it.

import { formatReach, REACH_FORMATS } from '../../../lib/engine/format/reach';
import { formatReachDiff, REACH_DIFF_FORMATS, type ReachDiffFormat } from '../../../lib/engine/format/whatif';
import { computeReach } from '../../../lib/engine/reach';
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
  if (diff && !(REACH_DIFF_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--diff prints ${REACH_DIFF_FORMATS.join(', ')}, not ${format}`);
  const ipblockPods = ipblockPodsFlag(args);
  const loaded = await loadInputs(args, { keepBase: diff });
  if (!loaded.ok) return loaded.exitCode;
  const options = {
    granularity,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(ipblockPods ? { ipblockPods } : {}),
  };
  const result = computeReach(loaded.model, options);
  if (diff && loaded.base) {
    process.stdout.write(
      formatReachDiff(
        diffReach(computeReach(loaded.base, options), result),
        format as ReachDiffFormat,
        loaded.whatIf,
      ),
    );
    return 0;
  }
  process.stdout.write(
    formatReach({ ...result, ...(loaded.whatIf ? { whatIf: loaded.whatIf } : {}) }, format),
  );
  return 0;
}
