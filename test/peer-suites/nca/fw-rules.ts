// NCA's connectivity map in its text form (expected_output/*.txt): one "fw rule" a line,
//   src_ns: [ns,...] src_pods: [EXPR] dst_ns: [...] dst_pods: [EXPR] conn: CONN
//   src: 0.0.0.0/0 dst_ns: [...] dst_pods: [*] conn: All connections
// where EXPR is `*`, a list of workload names, or a label expression (`app=x`, `app!=x`,
// `has(k)`, `!has(k)`, `k in (a,b)`, `and`, `or`, parentheses), as NCA prints them
// (nca/FWRules/FWRule.py, nca/FWRules/MinimizeFWRules.py). A map is read back into the set
// of (source, destination, connections) it stands for, so it can be compared with the
// engine's pairs whatever grouping NCA chose.

import {
  ALL_CONNECTIONS,
  NO_CONNECTIONS,
  intervalsOf,
  ipv4CidrInterval,
  ipv4ToNumber,
  protocolConnections,
  unionAllConnections,
  type ConnectionSet,
  type Interval,
} from '../../../lib/engine/net';
import type { KubeObject, Protocol } from '../../../lib/model/types';

type PodExpr = (pod: KubeObject) => boolean;

export type FwPeers =
  | { readonly type: 'pods'; readonly namespaces: readonly string[]; readonly pods: PodExpr }
  | { readonly type: 'ips'; readonly ranges: readonly Interval[] };

export interface FwRule {
  readonly line: string;
  readonly src: FwPeers;
  readonly dst: FwPeers;
  readonly conns: ConnectionSet;
}

const labelsOf = (pod: KubeObject) => pod.metadata.labels ?? {};

/** The workload name NCA prints for a pod: its owner's name (ReplicaSet, DaemonSet, ...), else its generateName stem, else its name. */
export function workloadName(pod: KubeObject): string {
  const owner = pod.metadata.ownerReferences?.[0]?.name;
  if (owner) return owner;
  const gen = pod.metadata.generateName;
  return gen ? gen.replace(/-$/, '') : (pod.metadata.name ?? '');
}

function parsePodExpr(text: string): PodExpr {
  const s = text.trim();
  if (s === '*') return () => true;
  if (!/[=()!]/.test(s) && !/\b(and|or|in)\b/.test(s)) {
    const names = new Set(s.split(',').map((x) => x.trim()));
    return (pod) => names.has(workloadName(pod));
  }
  const tokens = s.match(/\(|\)|!=|=|!|,|[^\s()=!,]+/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  const expect = (t: string) => {
    if (next() !== t) throw new Error(`fw rule pods [${s}]: expected ${t}`);
  };
  const expr = (): PodExpr => {
    let left = term();
    while (peek() === 'or') {
      next();
      const l = left;
      const r = term();
      left = (p) => l(p) || r(p);
    }
    return left;
  };
  const term = (): PodExpr => {
    let left = factor();
    while (peek() === 'and') {
      next();
      const l = left;
      const r = factor();
      left = (p) => l(p) && r(p);
    }
    return left;
  };
  const factor = (): PodExpr => {
    const t = next();
    if (t === '!') {
      const f = factor();
      return (p) => !f(p);
    }
    if (t === '(') {
      const e = expr();
      expect(')');
      return e;
    }
    if (t === 'has') {
      expect('(');
      const key = next()!;
      expect(')');
      return (p) => key in labelsOf(p);
    }
    const key = t!;
    const op = next();
    if (op === 'in') {
      expect('(');
      const values = new Set<string>();
      while (peek() !== ')') {
        const v = next()!;
        if (v !== ',') values.add(v);
      }
      expect(')');
      return (p) => values.has(labelsOf(p)[key] ?? '\u0000');
    }
    const value = next()!;
    if (op === '=') return (p) => labelsOf(p)[key] === value;
    if (op === '!=') return (p) => key in labelsOf(p) && labelsOf(p)[key] !== value;
    throw new Error(`fw rule pods [${s}]: unexpected ${op}`);
  };
  const e = expr();
  if (i !== tokens.length) throw new Error(`fw rule pods [${s}]: unexpected ${tokens[i]}`);
  return e;
}

/** IPv4 parts only: the engine has no IPv6 address space (see known.ts), so IPv6 ranges are left out of the comparison. */
function parseIps(text: string): Interval[] {
  return text
    .split(',')
    .filter((part) => !part.includes(':'))
    .map((part) => {
      const p = part.trim();
      const range = /^(\d+\.\d+\.\d+\.\d+)-(\d+\.\d+\.\d+\.\d+)$/.exec(p);
      if (range) return [ipv4ToNumber(range[1]!), ipv4ToNumber(range[2]!)] as Interval;
      return ipv4CidrInterval(p.includes('/') ? p : `${p}/32`);
    });
}

function parseConns(text: string): ConnectionSet {
  const t = text.trim();
  if (t === 'All connections') return ALL_CONNECTIONS;
  if (t === 'No connections') return NO_CONNECTIONS;
  const body = /^\{(.*)\}$/.exec(t)?.[1];
  if (body === undefined) throw new Error(`fw rule conn: cannot read "${t}"`);
  const fields = new Map<string, string>();
  for (const m of body.matchAll(/(\w+):(.*?)(?=,\w+:|$)/g)) fields.set(m[1]!, m[2]!);
  for (const k of fields.keys())
    if (k !== 'protocols' && k !== 'dst_ports')
      throw new Error(`fw rule conn: ${k} is not a connection property the engine has`);
  const protocols = (fields.get('protocols')?.split(',') ?? ['TCP', 'UDP', 'SCTP']) as Protocol[];
  const ports = fields
    .get('dst_ports')
    ?.split(',')
    .map((r) => {
      const [a, b] = r.split('-').map(Number);
      return [a!, b ?? a!] as Interval;
    });
  return unionAllConnections(
    protocols.map((p) => protocolConnections(p, ports ? intervalsOf(ports) : undefined)),
  );
}

function parsePeers(kind: 'src' | 'dst', line: string): FwPeers {
  const ip = new RegExp(`(?:^|\\s)${kind}: (\\S+)`).exec(line);
  if (ip) return { type: 'ips', ranges: parseIps(ip[1]!) };
  const ns = new RegExp(`${kind}_ns: \\[([^\\]]*)\\]`).exec(line);
  const pods = new RegExp(`${kind}_pods: \\[(.*?)\\](?= (dst_ns|dst|conn):)`).exec(line);
  if (!ns || !pods) throw new Error(`fw rule: no ${kind} in "${line}"`);
  return { type: 'pods', namespaces: ns[1]!.split(',').map((x) => x.trim()), pods: parsePodExpr(pods[1]!) };
}

/**
 * The rules of a connectivity map file, per config: each config's map follows a
 * `final fw rules for query: NAME, config: CONFIG:` header line.
 */
export function parseFwRules(text: string): Map<string, FwRule[]> {
  const out = new Map<string, FwRule[]>();
  let current: FwRule[] | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const header = /^final fw rules for query: .*?, config: (.*):$/.exec(line);
    if (header) {
      out.set(header[1]!, (current = []));
      continue;
    }
    if (!line.includes(' conn: ')) continue;
    if (!current) throw new Error(`fw rule before any config header: "${line}"`);
    current.push({
      line,
      src: parsePeers('src', line),
      dst: parsePeers('dst', line),
      conns: parseConns(line.slice(line.indexOf(' conn: ') + 7)),
    });
  }
  return out;
}

/** The address intervals the rules name, to cut the address space at. */
export function fwRuleRanges(rules: readonly FwRule[]): Interval[] {
  return rules.flatMap((r) => [r.src, r.dst].flatMap((p) => (p.type === 'ips' ? p.ranges : [])));
}
