// What a change does: reach pairs added, removed and changed, lint findings resolved and
// introduced. Pure functions of two results computed on the same options, so a diff
// never depends on the order pairs or findings were produced in.

import type { Finding, LintResult, ReachPair, ReachResult } from '../types';

export interface ReachChange {
  readonly from: string;
  readonly to: string;
  readonly before: string;
  readonly after: string;
}

/** The JSON of `packetpath reach --diff` (shared/contracts/cli.md, second edition). */
export interface ReachDiff {
  readonly added: readonly ReachPair[];
  readonly removed: readonly ReachPair[];
  readonly changed: readonly ReachChange[];
}

export interface LintDiff {
  readonly resolved: readonly Finding[];
  readonly introduced: readonly Finding[];
}

const pairKey = (p: { readonly from: string; readonly to: string }) => `${p.from}\u0000${p.to}`;
const byPair = (a: { from: string; to: string }, b: { from: string; to: string }) =>
  a.from.localeCompare(b.from) || a.to.localeCompare(b.to);

/**
 * Pairs only in `after` are added, only in `before` removed; a pair in both with another
 * connection string changed. Reach lists allowed pairs only, so a pair that becomes
 * fully denied is "removed" and one that opens is "added".
 */
export function diffReach(before: ReachResult, after: ReachResult): ReachDiff {
  const old = new Map(before.pairs.map((p) => [pairKey(p), p]));
  const now = new Map(after.pairs.map((p) => [pairKey(p), p]));
  const added: ReachPair[] = [];
  const changed: ReachChange[] = [];
  for (const [key, p] of now) {
    const was = old.get(key);
    if (!was) added.push(p);
    else if (was.conn !== p.conn) changed.push({ from: p.from, to: p.to, before: was.conn, after: p.conn });
  }
  const removed = [...old].filter(([key]) => !now.has(key)).map(([, p]) => p);
  return { added: added.sort(byPair), removed: removed.sort(byPair), changed: changed.sort(byPair) };
}

/**
 * A finding's identity across two lints: its code and the objects and fields that prove
 * it (values excluded, so a finding whose numbers moved is the same finding, not a
 * resolved one plus an introduced one).
 */
function findingKey(f: Finding): string {
  const evidence = f.evidence.map((e) => `${e.kind}/${e.namespace ?? ''}/${e.name}.${e.field}`).sort();
  return `${f.code}|${evidence.join(',')}`;
}

export function diffLint(before: LintResult, after: LintResult): LintDiff {
  const old = new Set(before.findings.map(findingKey));
  const now = new Set(after.findings.map(findingKey));
  return {
    resolved: before.findings.filter((f) => !now.has(findingKey(f))),
    introduced: after.findings.filter((f) => !old.has(findingKey(f))),
  };
}
