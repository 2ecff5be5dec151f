// Memoised connections between reach peers. What one direction allows depends on the
// peer only through which of the subject's rules match the peer (and, for egress, the
// peer's container ports, where named ports resolve). So:
//   - each rule is matched against each peer class at most once (a table per rule);
//   - a direction is decided once per (subject class, match bits, peer ports);
//   - the egress x ingress intersection is formatted once per pair of decisions.
// Everything is keyed by small integers, so a pair costs a few array and map lookups.

import { formatConnections, intersectConnections, isEmptyConnections, type ConnectionSet } from '../net';
import { decideDirection } from '../policy/decide';
import { adminPeerMatches, policyRuleMatches } from '../policy/peers';
import { selectingPolicies } from '../policy/selecting';
import { ciliumMatchers } from '../policy/cilium/reach-keys';
import type { EvaluateOptions, PeerEndpoint } from '../policy/types';
import type { AdminRule, ClusterModel, PolicyDirection } from '../../model/types';

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

/** Returns `conn(src, dst)`: the canonical connection string, or '' when nothing is allowed. */
export function createPairMemo(
  model: ClusterModel,
  sideCount: number,
  options: EvaluateOptions = {},
  format: (conns: ConnectionSet) => string = formatConnections,
): (src: MemoSide, dst: MemoSide) => string {
  const tables = new WeakMap<object, Int8Array>();
  const subjectMatchers: Array<Matcher[] | undefined>[] = [[], []];
  // Whether the subject's rules name ports: only then do the peer's ports matter (egress).
  const namedPorts: Array<boolean | undefined>[] = [[], []];
  // subject idx → match bits → peer ports idx → decision id (small-integer keys throughout).
  const decisionIds: Array<Map<number | string, Map<number, number>> | undefined>[] = [[], []];
  const decisions: ConnectionSet[] = [];
  // egress decision id → ingress decision id → connection string.
  const results: Array<Map<number, string> | undefined> = [];

  const matcher = (rule: object, match: (ep: PeerEndpoint) => boolean): Matcher => {
    let table = tables.get(rule);
    if (!table) tables.set(rule, (table = new Int8Array(sideCount).fill(-1)));
    return { table, match };
  };
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
          (ingress ? np.ingress : np.egress).map((rule) =>
            matcher(rule, (ep) => policyRuleMatches(model, np, rule, ep, options)),
          ),
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
      let v = m.table[peer.idx]!;
      if (v < 0) m.table[peer.idx] = v = m.match(peer.ep) ? 1 : 0;
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

  return (src, dst) => {
    const egress = decision(src, dst, 0);
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
  };
}
