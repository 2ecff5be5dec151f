// `packetpath lint INPUT... [--format json|txt|md] [--fail-on error|warning] [--ipblock-pods match|outside] [--verbose]`:
// snapshot-wide findings (shared/contracts/cli.md).

import { lintModel } from '../../../lib/engine/lint';
import { formatLint, TRACE_FORMATS } from '../../../lib/engine/format/trace';
import { choice, parseArgs } from '../args';
import { loadInputs } from '../inputs';
import { failOnMet, ipblockPodsFlag } from './trace';

const SPEC = { format: true, 'fail-on': true, 'ipblock-pods': true, verbose: false } as const;

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, SPEC);
  const format = choice(args, 'format', TRACE_FORMATS, 'txt');
  const failOn = args.flags.has('fail-on') ? choice(args, 'fail-on', ['error', 'warning'] as const, 'error') : undefined;
  const ipblockPods = ipblockPodsFlag(args);
  const loaded = await loadInputs(args.positionals, { verbose: args.flags.has('verbose') });
  if (!loaded.ok) return loaded.exitCode;
  const result = lintModel(loaded.model, ipblockPods ? { ipblockPods } : {});
  process.stdout.write(formatLint(result, format));
  return failOnMet(result.findings, failOn) ? 1 : 0;
}
