// `packetpath snapshot [--kubeconfig FILE] [--context NAME] -o FILE`: reads the live
// cluster once (read-only: list, never Secrets) and writes a PacketpathSnapshot file that
// every command and the dashboard accept as INPUT. What could not be read (a CRD not
// installed, a kind RBAC forbids) is reported on stderr, not hidden.

import { writeFileSync } from 'node:fs';
import { parseArgs, UsageError } from '../args';
import { serializeSnapshot } from '../../../lib/ingest/snapshot-file';
import {
  captureSnapshotWithReport,
  LiveConfigError,
  LiveUnreachableError,
} from '../../../lib/ingest/live/index';

const spec = { kubeconfig: true, context: true, output: true, verbose: false, help: false } as const;

const usage = `usage: packetpath snapshot [--kubeconfig FILE] [--context NAME] -o FILE [--verbose]

Reads the cluster (kubeconfig as kubectl: --kubeconfig, else KUBECONFIG, else ~/.kube/config,
else the in-cluster service account) and writes one snapshot file (JSON, kind PacketpathSnapshot). "-o -" writes to stdout.
`;

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, spec, { short: { o: 'output' } });
  if (args.flags.has('help')) {
    process.stdout.write(usage);
    return 0;
  }
  if (args.positionals.length > 0)
    throw new UsageError(`unexpected argument "${args.positionals[0]}" (snapshot takes no INPUT)`);
  const output = args.flags.get('output');
  if (typeof output !== 'string' || output === '') throw new UsageError('-o FILE is required');
  const kubeconfig = args.flags.get('kubeconfig');
  const context = args.flags.get('context');

  let report;
  try {
    report = await captureSnapshotWithReport({
      kubeconfig: typeof kubeconfig === 'string' ? kubeconfig : undefined,
      context: typeof context === 'string' ? context : undefined,
    });
  } catch (error) {
    if (error instanceof LiveConfigError || error instanceof LiveUnreachableError) {
      process.stderr.write(`packetpath snapshot: ${error.message}\n`);
      return 2;
    }
    throw error;
  }

  const verbose = args.flags.has('verbose');
  for (const k of report.kinds) {
    if (k.state === 'forbidden')
      process.stderr.write(`packetpath snapshot: warning: ${k.id}: forbidden; ${k.message}\n`);
    else if (k.state === 'error')
      process.stderr.write(`packetpath snapshot: warning: ${k.id}: not read: ${k.message}\n`);
    else if (verbose)
      process.stderr.write(
        `packetpath snapshot: ${k.id}: ${k.state === 'absent' ? 'not installed' : `${k.count} read`}\n`,
      );
  }

  const text = serializeSnapshot(report.snapshot);
  try {
    if (output === '-') process.stdout.write(text);
    else writeFileSync(output, text);
  } catch (error) {
    process.stderr.write(`packetpath snapshot: cannot write ${output}: ${(error as Error).message}\n`);
    return 2;
  }
  const absent = report.kinds.filter((k) => k.state === 'absent').length;
  process.stderr.write(
    `packetpath snapshot: ${report.snapshot.objects.length} objects from context "${report.context}" (${report.server})` +
      `${absent ? `; ${absent} optional kinds not installed` : ''}${output === '-' ? '' : ` → ${output}`}\n`,
  );
  return 0;
}
