// Memoised connections between reach peers. What one direction allows depends on the
// peer only through which of the subject's rules match the peer (and, for egress, the
// peer's container ports, where named ports resolve). So:
//   - each rule is matched against each peer class at most once (a table per rule,
//     shared with grouping: match-tables.ts);
//   - a direction is decided once per (subject class, match bits, peer ports);
//   - the egress x ingress intersection is formatted once per pair of decisions.
// Everything is keyed by small integers, so a pair costs a few array and map lookups.
// The same reading tells which peers a subject may allow at all (`candidates`): when a
// peer matching none of its rules gets nothing, only the peers its rules match can.

import { formatConnections, intersectConnections, isEmptyConnections, type ConnectionSet } from '../net';
import { decideDirection } from '../policy/decide';
import { adminPeerMatches, policyRuleMatches } from '../policy/peers';
import { selectingPolicies } from '../policy/selecting';
import { ciliumMatchers } from '../policy/cilium/reach-keys';
import type { EvaluateOptions, PeerEndpoint } from '../policy/types';
import type { AdminRule, ClusterModel, PolicyDirection } from '../../model/types';
import type { MatchTables } from './match-tables';

/** A reach peer as the memo sees it. */
export interface MemoSide {
  readonly ep: PeerEndpoint;
  /** Class index: equal for sides that every rule treats alike (0 .. sides-1). */
  readonly idx: number;
  /** Index of the side's container ports (0 = none, e.g. an address). */
  readonly portsIdx: number;
}

interface Matcher {
  readonly table: Int8Array; // per side idx: -1 unknown, 0 no, 1 yes
  readonly match: (ep: PeerEndpoint) => boolean;
}

const DIRS: readonly PolicyDirection[] = ['Egress', 'Ingress'];

export interface PairMemo {
  /** The canonical connection string from `src` to `dst`, or '' when nothing is allowed. */
  conn(src: MemoSide, dst: MemoSide): string;
  /**
   * Indexes of the `peers` that `subject` may allow anything in `direction` (as the
   * source for Egress, the destination for Ingress): a superset of those it allows,
   * or undefined when any peer may be.
   */
  candidates(subject: MemoSide, direction: PolicyDirection, peers: readonly MemoSide[]): number[] | undefined;
}

export function createPairMemo(
  model: ClusterModel,
  tables: MatchTables,
  options: EvaluateOptions = {},
  format: (conns: ConnectionSet) => string = formatConnections,
): PairMemo {
  const subjectMatchers: Array<Matcher[] | undefined>[] = [[], []];
  // Whether the subject's rules name ports: only then do the peer's ports matter (egress).
  const namedPorts: Array<boolean | undefined>[] = [[], []];
  // subject idx → match bits → peer ports idx → decision id (small-integer keys throughout).
  const decisionIds: Array<Map<number | string, Map<number, number>> | undefined>[] = [[], []];
  const decisions: ConnectionSet[] = [];
  // egress decision id → ingress decision id → connection string.
  const results: Array<Map<number, string> | undefined> = [];

  const matcher = (rule: object, match: (ep: PeerEndpoint) => boolean): Matcher => ({
    table: tables.table(rule),
    match,
  });
  const adminMatchers = (rules: readonly AdminRule[]) =>
    rules.map((rule) => matcher(rule, (ep) => rule.peers.some((p) => adminPeerMatches(model, p, ep))));

  function matchersOf(subject: MemoSide, d: number): Matcher[] {
    let list = subjectMatchers[d]![subject.idx];
    if (list) return list;
    list = [];
    let named = false;
    if (subject.ep.type === 'pod') {
      const ingress = DIRS[d] === 'Ingress';
      const sel = selectingPolicies(model, subject.ep.pod, DIRS[d]!);
      const adminRules = [...sel.admin, ...(sel.baseline ? [sel.baseline] : [])].flatMap((p) =>
        ingress ? p.ingress : p.egress,
      );
      named =
        [...adminRules, ...(sel.baselineCluster ?? []).flatMap((p) => (ingress ? p.ingress : p.egress))].some(
          (r) => r.ports?.some((p) => p.type === 'namedPort'),
        ) ||
        sel.networkPolicies.some((np) =>
          (ingress ? np.ingress : np.egress).some((r) => r.ports.some((p) => typeof p.port === 'string')),
        );
      list = [
        ...sel.admin.flatMap((anp) => adminMatchers(ingress ? anp.ingress : anp.egress)),
        ...sel.networkPolicies.flatMap((np) =>
          (ingress ? np.ingress : np.egress).map((rule) => ({
            table: tables.networkPolicyRule(np, rule),
            match: (ep: PeerEndpoint) => policyRuleMatches(model, np, rule, ep, options),
          })),
        ),
        ...(sel.baseline ? adminMatchers(ingress ? sel.baseline.ingress : sel.baseline.egress) : []),
        ...(sel.baselineCluster ?? []).flatMap((p) => adminMatchers(ingress ? p.ingress : p.egress)),
      ];
      if (model.ciliumPolicies?.length) {
        const cilium = ciliumMatchers(model, subject.ep.pod, DIRS[d]!);
        list.push(...cilium.matchers.map((m) => matcher(m.key, m.match)));
        named ||= cilium.namedPorts;
      }
    }
    subjectMatchers[d]![subject.idx] = list;
    namedPorts[d]![subject.idx] = named;
    return list;
  }

  const matches = (m: Matcher, peer: MemoSide) => {
    let v = m.table[peer.idx]!;
    if (v < 0) m.table[peer.idx] = v = m.match(peer.ep) ? 1 : 0;
    return v === 1;
  };

  // Calico: a rule matches source and destination together (selectors, nets, service
  // accounts, network sets), so a direction is decided once per pair of classes; the
  // classes themselves carry everything Calico reads (reach/peers.ts calicoClassKey).
  const calicoDecisions: Array<Map<number, number> | undefined>[] = [[], []];
  function calicoDecision(src: MemoSide, dst: MemoSide, d: number): number {
    const ingress = DIRS[d] === 'Ingress';
    const subject = ingress ? dst : src;
    const peer = ingress ? src : dst;
    let byPeer = calicoDecisions[d]![subject.idx];
    if (!byPeer) calicoDecisions[d]![subject.idx] = byPeer = new Map();
    // Egress resolves named ports on the destination: its ports are part of the key.
    const key = ingress ? peer.idx : peer.idx * 65536 + peer.portsIdx;
    let id = byPeer.get(key);
    if (id === undefined) {
      id = decisions.length;
      decisions.push(decideDirection(model, src.ep, dst.ep, DIRS[d]!).allowed);
      byPeer.set(key, id);
    }
    return id;
  }

  function decision(src: MemoSide, dst: MemoSide, d: number): number {
    if (model.calico) return calicoDecision(src, dst, d);
    const ingress = DIRS[d] === 'Ingress';
    const subject = ingress ? dst : src;
    const peer = ingress ? src : dst;
    const list = matchersOf(subject, d);
    // Match bits as a small integer while they fit, else as a string.
    let bits: number | string = list.length <= 30 ? 0 : '';
    for (const m of list) {
      const v = matches(m, peer) ? 1 : 0;
      bits = typeof bits === 'number' ? bits * 2 + v : bits + v;
    }
    const ports = !ingress && namedPorts[d]![subject.idx] ? peer.portsIdx : 0;
    let byBits = decisionIds[d]![subject.idx];
    if (!byBits) decisionIds[d]![subject.idx] = byBits = new Map();
    let byPorts = byBits.get(bits);
    if (!byPorts) byBits.set(bits, (byPorts = new Map()));
    let id = byPorts.get(ports);
    if (id === undefined) {
      id = decisions.length;
      decisions.push(decideDirection(model, src.ep, dst.ep, DIRS[d]!, undefined, options).allowed);
      byPorts.set(ports, id);
    }
    return id;
  }

  // Per peer list, per rule table: the peers the rule matches (a rule is shared by
  // every subject its policy selects, so each list is read once per rule).
  const hitLists = new WeakMap<readonly MemoSide[], Map<Int8Array, number[]>>();
  const hitsOf = (m: Matcher, peers: readonly MemoSide[]) => {
    let byTable = hitLists.get(peers);
    if (!byTable) hitLists.set(peers, (byTable = new Map()));
    let hits = byTable.get(m.table);
    if (!hits) {
      hits = [];
      for (let i = 0; i < peers.length; i++) if (matches(m, peers[i]!)) hits.push(i);
      byTable.set(m.table, hits);
    }
    return hits;
  };
  let seen = new Int32Array(0);
  let stamp = 0;

  return {
    conn(src, dst) {
      const egress = decision(src, dst, 0);
      // Nothing out: no need to ask the destination.
      if (isEmptyConnections(decisions[egress]!)) return '';
      const ingress = decision(src, dst, 1);
      let byIngress = results[egress];
      if (!byIngress) results[egress] = byIngress = new Map();
      let conn = byIngress.get(ingress);
      if (conn === undefined) {
        const both = intersectConnections(decisions[egress]!, decisions[ingress]!);
        const text = isEmptyConnections(both) ? '' : format(both);
        conn = text === 'No Connections' ? '' : text;
        byIngress.set(ingress, conn);
      }
      return conn;
    },
    candidates(subject, direction, peers) {
      if (model.calico) return undefined;
      const d = DIRS.indexOf(direction);
      const list = matchersOf(subject, d);
      // Egress decisions that read the peer's ports differ between unmatched peers.
      if (d === 0 && namedPorts[0]![subject.idx]) return undefined;
      if (seen.length < peers.length) seen = new Int32Array(peers.length);
      stamp++;
      const out: number[] = [];
      for (const m of list)
        for (const i of hitsOf(m, peers))
          if (seen[i] !== stamp) {
            seen[i] = stamp;
            out.push(i);
          }
      let unmatched = 0;
      while (unmatched < peers.length && seen[unmatched] === stamp) unmatched++;
      if (unmatched === peers.length) return out;
      // Every peer no rule matches gets this one decision (same bits, same ports).
      const other = peers[unmatched]!;
      const id = d === 0 ? decision(subject, other, 0) : decision(other, subject, 1);
      return isEmptyConnections(decisions[id]!) ? out : undefined;
    },
  };
}
