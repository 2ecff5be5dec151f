// `packetpath reach INPUT... [--granularity workload|pod] [--format json|txt|md]
//  [--namespace NS] [--ipblock-pods match|outside] [--verbose]`: which peer may connect to which (shared/contracts/cli.md).

import { formatReach, REACH_FORMATS } from '../../../lib/engine/format/reach';
import { computeReach } from '../../../lib/engine/reach';
import { choice, parseArgs, UsageError } from '../args';
import { loadInputs } from '../inputs';
import { ipblockPodsFlag } from './trace';

const SPEC = { granularity: true, format: true, namespace: true, 'ipblock-pods': true, verbose: false } as const;

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, SPEC);
  const granularity = choice(args, 'granularity', ['workload', 'pod'] as const, 'workload');
  const format = choice(args, 'format', REACH_FORMATS, 'txt');
  const namespace = args.flags.get('namespace');
  if (namespace === true) throw new UsageError('--namespace needs a value');
  const ipblockPods = ipblockPodsFlag(args);
  const loaded = await loadInputs(args.positionals, { verbose: args.flags.has('verbose') });
  if (!loaded.ok) return loaded.exitCode;
  const result = computeReach(loaded.model, { granularity, ...(namespace !== undefined ? { namespace } : {}), ...(ipblockPods ? { ipblockPods } : {}) });
  process.stdout.write(formatReach(result, format));
  return 0;
}
