// `packetpath trace INPUT... --from ENDPOINT --to ENDPOINT [--port N] [--protocol TCP|UDP|SCTP]
//  [--size BYTES] [--replica NS/NAME] [--underlay-mtu N] [--method M] [--header 'Name: value']... [-o json|yaml|txt|md|dot|mermaid]
//  [--fail-on error|warning] [--ipblock-pods match|outside] [--with FILE]... [--without KIND/NS/NAME]... [--live] [--verbose]`
// The packet path hop by hop (shared/contracts/cli.md). Exit 0 ran, 1 --fail-on met,
// 2 bad input, usage, or an endpoint that names nothing (with close matches).

import { EndpointError, traceRoute } from '../../../lib/engine/trace';
import { formatTrace, TRACE_FORMATS } from '../../../lib/engine/format/trace';
import { decodeTraceQuery, TRACE_PARAMS, type TraceQuery } from '../../../lib/model/trace-query';
import type { Finding } from '../../../lib/engine/types';
import { choice, integer, parseArgs, UsageError, type ParsedArgs } from '../args';
import { IPBLOCK_PODS_MODES, type IpBlockPodsMode } from '../../../lib/model/trace-query';
import { INPUT_OPTIONS, loadInputs } from '../inputs';

const SPEC = {
  ...INPUT_OPTIONS,
  from: true,
  to: true,
  port: true,
  protocol: true,
  size: true,
  'underlay-mtu': true,
  method: true,
  header: 'list',
  format: true,
  'fail-on': true,
  'ipblock-pods': true,
  replica: true,
} as const;

/** `--ipblock-pods match|outside` (contracts/cli.md, second edition); undefined = decided from the CNI. */
export function ipblockPodsFlag(args: ParsedArgs): IpBlockPodsMode | undefined {
  return args.flags.has('ipblock-pods')
    ? choice(args, 'ipblock-pods', IPBLOCK_PODS_MODES, 'match')
    : undefined;
}

/** The CLI's flag for a query field: the URL spelling, with `ipblockPods` as `--ipblock-pods`. */
const flagOf = (field: string): string => (field === 'ipblockPods' ? 'ipblock-pods' : field);

/**
 * The trace query of the flags, through the one trace-query schema (lib/model/trace-query)
 * the API and the pages use: every bad flag is named in one usage error.
 */
export function traceQueryOfArgs(args: ParsedArgs): TraceQuery {
  const params = new URLSearchParams();
  for (const key of TRACE_PARAMS) {
    const values = key === 'header' ? (args.lists.get(key) ?? []) : [args.flags.get(flagOf(key))];
    for (const value of values) if (typeof value === 'string') params.append(key, value);
  }
  const decoded = decodeTraceQuery(params);
  if (decoded.ok) return decoded.value;
  throw new UsageError(decoded.problems.map((p) => `--${flagOf(p.field)} ${p.message}`).join('; '));
}

/** True when a finding of `threshold` severity or worse stands. */
export function failOnMet(findings: readonly Finding[], threshold: 'error' | 'warning' | undefined): boolean {
  if (!threshold) return false;
  return findings.some(
    (f) => f.severity === 'error' || (threshold === 'warning' && f.severity === 'warning'),
  );
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, SPEC, { short: { o: 'format' } });
  const query = traceQueryOfArgs(args);
  const format = choice(args, 'format', TRACE_FORMATS, 'txt');
  const failOn = args.flags.has('fail-on')
    ? choice(args, 'fail-on', ['error', 'warning'] as const, 'error')
    : undefined;
  const underlay = integer(args, 'underlay-mtu', 576, 65535);
  const replica = args.flags.get('replica');
  if (replica === true) throw new UsageError('--replica needs NAMESPACE/NAME of a replica pod');
  const loaded = await loadInputs(args);
  if (!loaded.ok) return loaded.exitCode;
  // The flag states what the API cannot know; it overrides the snapshot's settings.
  const model =
    underlay === undefined
      ? loaded.model
      : {
          ...loaded.model,
          settings: { ...loaded.model.settings, underlayMTU: underlay, nodeUnderlayMTU: {} },
        };
  try {
    const result = traceRoute(model, query, replica ? { replica } : {});
    process.stdout.write(formatTrace(loaded.whatIf ? { ...result, whatIf: loaded.whatIf } : result, format));
    return failOnMet(result.findings, failOn) ? 1 : 0;
  } catch (error) {
    if (error instanceof EndpointError) {
      process.stderr.write(`packetpath trace: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
