// The CLI front door: parse the command name and hand the rest to the command.
// Commands return an exit status; they print results on stdout and problems on stderr.
// Exit status: 0 ran, 1 `--fail-on` threshold met, 2 bad input or usage.

import pkg from '../../package.json' with { type: 'json' };
import { UsageError } from './args';
import { pino } from 'pino';
import { createLogger, logLevelFromEnv, setProcessLogger, type LogLevel } from '../../lib/ops/log';

type Command = (argv: string[]) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  reach: async () => (await import('./commands/reach')).run,
  trace: async () => (await import('./commands/trace')).run,
  lint: async () => (await import('./commands/lint')).run,
  snapshot: async () => (await import('./commands/snapshot')).run,
};

const usage = `usage: packetpath <command> [options]      (also: kubectl packetpath <command> ...)

commands:
  reach INPUT... [--granularity workload|owner|pod] [-n NS] [-o json|yaml|txt|md|dot|mermaid|csv] [--diff]
                 [--to PEER | --from PEER [--denied]] [--ipblock-pods match|outside]
  trace INPUT... --from ENDPOINT --to ENDPOINT [--port N] [--protocol TCP|UDP|SCTP]
                 [--size BYTES] [--underlay-mtu N] [--method M] [--header 'Name: value']...
                 [-o json|yaml|txt|md|dot|mermaid] [--fail-on error|warning] [--ipblock-pods match|outside]
  lint INPUT... [-o json|yaml|txt|md] [--fail-on error|warning] [--ipblock-pods match|outside]

--ipblock-pods: whether NetworkPolicy ipBlocks match pod addresses (default: from the CNI)
  snapshot [--kubeconfig FILE] [--context NAME] -o FILE

INPUT options (trace, reach, lint):
  --with FILE...              lay these objects over INPUT, as kubectl apply would (repeatable)
  --without KIND/NS/NAME...   remove this object (KIND/NAME if cluster-scoped; repeatable)
  --live [--kubeconfig FILE] [--context NAME]   read the cluster instead of INPUT (read-only)
  --verbose                   list ignored objects and assumptions

ENDPOINT: pod:NS/NAME  svc:NS/NAME  node:NAME  ip:ADDRESS  http(s)://HOST[:PORT]/PATH
  or a workload: deploy:NS/NAME  sts:NS/NAME  ds:NS/NAME  rs:NS/NAME  job:NS/NAME
  (traces every ready replica, draws the worst; --replica NS/NAME draws that one)
--version prints the version.
`;

// Imported rather than read at run time, so a bundled CLI (the krew archive) carries it.
function version(): string {
  return pkg.version;
}

/** PACKETPATH_LOG_LEVEL when it is valid, else warnings and up. */
function cliLogLevel(): LogLevel {
  try {
    return process.env.PACKETPATH_LOG_LEVEL ? logLevelFromEnv() : 'warn';
  } catch {
    return 'warn';
  }
}

export async function main(argv: string[]): Promise<number> {
  // stdout carries the command's output (JSON, YAML, ...): library logs (the live source's sync) go to stderr, warnings and up.
  setProcessLogger(createLogger(cliLogLevel(), pino.destination(2)));
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === 'version') {
    process.stdout.write(`packetpath ${version()}\n`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`packetpath: unknown command "${name}"\n\n${usage}`);
    return 2;
  }
  try {
    const command = await load();
    return await command(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`packetpath ${name}: ${error.message}\n`);
      return 2;
    }
    // Anything else is a bug in packetpath, not the user's input: say so plainly.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`packetpath ${name}: internal error: ${message}\n`);
    return 3;
  }
}
