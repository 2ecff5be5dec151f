// `packetpath lint INPUT... [-o json|yaml|txt|md] [--fail-on error|warning] [--ipblock-pods match|outside]
//  [--with FILE]... [--without KIND/NS/NAME]... [--live] [--verbose]`:
// snapshot-wide findings (shared/contracts/cli.md).

import { lintModel } from '../../../lib/engine/lint';
import { formatLint, LINT_FORMATS } from '../../../lib/engine/format/trace';
import { choice, parseArgs } from '../args';
import { INPUT_OPTIONS, loadInputs } from '../inputs';
import { failOnMet, ipblockPodsFlag } from './trace';

const SPEC = { ...INPUT_OPTIONS, format: true, 'fail-on': true, 'ipblock-pods': true } as const;

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, SPEC, { short: { o: 'format' } });
  const format = choice(args, 'format', LINT_FORMATS, 'txt');
  const failOn = args.flags.has('fail-on')
    ? choice(args, 'fail-on', ['error', 'warning'] as const, 'error')
    : undefined;
  const ipblockPods = ipblockPodsFlag(args);
  const loaded = await loadInputs(args);
  if (!loaded.ok) return loaded.exitCode;
  const result = lintModel(loaded.model, ipblockPods ? { ipblockPods } : {});
  process.stdout.write(
    formatLint({ ...result, ...(loaded.whatIf ? { whatIf: loaded.whatIf } : {}) }, format),
  );
  return failOnMet(result.findings, failOn) ? 1 : 0;
}
