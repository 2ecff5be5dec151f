// `packetpath trace INPUT... --from ENDPOINT --to ENDPOINT [--port N] [--protocol TCP|UDP|SCTP]
//  [--size BYTES] [--replica NS/NAME] [--underlay-mtu N] [--method M] [--header 'Name: value']... [-o json|yaml|txt|md]
//  [--fail-on error|warning] [--ipblock-pods match|outside] [--with FILE]... [--without KIND/NS/NAME]... [--live] [--verbose]`
// The packet path hop by hop (shared/contracts/cli.md). Exit 0 ran, 1 --fail-on met,
// 2 bad input, usage, or an endpoint that names nothing (with close matches).

import { EndpointError, traceRoute } from '../../../lib/engine/trace';
import { formatTrace, TRACE_FORMATS } from '../../../lib/engine/format/trace';
import type { Protocol } from '../../../lib/model/types';
import type { Finding } from '../../../lib/engine/types';
import { choice, integer, parseArgs, UsageError, type ParsedArgs } from '../args';
import { IPBLOCK_PODS_MODES, type IpBlockPodsMode } from '../../../lib/engine/policy/ipblock-rule';
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

/** RFC 9110 token: what a header name or a method may be made of. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Parses `--header 'Name: value'` flags (repeatable) into a header map. */
export function parseHeaders(values: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const text of values) {
    const colon = text.indexOf(':');
    const name = colon < 0 ? '' : text.slice(0, colon).trim();
    if (!TOKEN.test(name)) throw new UsageError(`--header "${text}" is not 'Name: value'`);
    headers[name] = text.slice(colon + 1).trim();
  }
  return headers;
}

function required(value: string | true | undefined, name: string): string {
  if (value === undefined || value === true)
    throw new UsageError(
      `--${name} ENDPOINT is required (pod:NS/NAME, svc:NS/NAME, deploy:NS/NAME, sts:, ds:, rs:, job:, node:NAME, ip:ADDRESS or a URL)`,
    );
  return value;
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
  const headers = parseHeaders(args.lists.get('header') ?? []);
  const methodFlag = args.flags.get('method');
  if (methodFlag === true || (methodFlag !== undefined && !TOKEN.test(methodFlag)))
    throw new UsageError('--method must be an HTTP method such as GET or POST');
  const method = methodFlag?.toUpperCase();
  const from = required(args.flags.get('from'), 'from');
  const to = required(args.flags.get('to'), 'to');
  const format = choice(args, 'format', TRACE_FORMATS, 'txt');
  const protocol = choice<Protocol>(args, 'protocol', ['TCP', 'UDP', 'SCTP'], 'TCP');
  const failOn = args.flags.has('fail-on')
    ? choice(args, 'fail-on', ['error', 'warning'] as const, 'error')
    : undefined;
  const port = integer(args, 'port', 1, 65535);
  const size = integer(args, 'size', 68, 65535);
  const underlay = integer(args, 'underlay-mtu', 576, 65535);
  const ipblockPods = ipblockPodsFlag(args);
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
    const result = traceRoute(
      model,
      {
        from,
        to,
        protocol,
        ...(port !== undefined ? { port } : {}),
        ...(size !== undefined ? { size } : {}),
        ...(method !== undefined ? { method } : {}),
        ...(Object.keys(headers).length ? { headers } : {}),
        ...(ipblockPods ? { ipblockPods } : {}),
      },
      replica ? { replica } : {},
    );
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
