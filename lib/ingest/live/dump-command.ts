// The air-gapped dump: the `kubectl` commands that write what the live source reads,
// derived from WATCHED_KINDS so the docs, the upload page and `packetpath snapshot`
// never disagree about which kinds the engine needs. Never Secrets.

import { rbacResource, WATCHED_KINDS } from './kinds';

/** `a,b,\` lines of at most `width` characters, the last one without the continuation. */
function wrapList(items: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line ? `${line},${item}` : item;
    if (line && next.length + 2 > width) {
      lines.push(`${line},\\`);
      line = item;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** The shell commands, one per line, that dump every kind into `dump/`. */
export function kubectlDumpCommand(): string {
  const listed = WATCHED_KINDS.filter((k) => !k.optional && !k.only).map(rbacResource);
  const optional = WATCHED_KINDS.filter((k) => k.optional).map(rbacResource);
  const configMaps = new Map<string, string[]>();
  for (const k of WATCHED_KINDS) {
    if (!k.only) continue;
    const names = configMaps.get(k.only.namespace) ?? [];
    if (!names.includes(k.only.name)) names.push(k.only.name);
    configMaps.set(k.only.namespace, names);
  }
  const cluster = wrapList(listed, 90);
  cluster[cluster.length - 1] += ' -A -o yaml > dump/cluster.yaml';
  return [
    'mkdir dump',
    `kubectl get ${cluster[0]}`,
    ...cluster.slice(1),
    '',
    '# Network settings: these ConfigMaps only (absent ones are skipped).',
    ...[...configMaps].map(
      ([ns, names]) =>
        `kubectl -n ${ns} get configmap ${names.join(' ')} --ignore-not-found -o yaml > dump/${ns}-configmaps.yaml`,
    ),
    '',
    '# Optional CRDs: a kind that is not installed leaves no file.',
    `for r in ${optional.join(' \\\n         ')}; do`,
    '  kubectl get "$r" -A -o yaml > "dump/$r.yaml" 2>/dev/null || rm -f "dump/$r.yaml"',
    'done',
  ].join('\n');
}

/** The same state in one file, where packetpath can run next to the cluster. */
export const SNAPSHOT_COMMAND = 'npx packetpath snapshot -o cluster.json';
