// "Who can reach X?" and "what can X reach?": the allowed pairs with X at one end,
// and, on request, every other peer for which no connection at all is allowed.

import type { ReachPair } from '../types';

export type ReachDirection = 'to' | 'from';

export interface ReachFocus {
  /** `to`: who can reach `peer`; `from`: what `peer` can reach. */
  readonly direction: ReachDirection;
  readonly peer: string;
}

export interface FocusedReach {
  readonly allowed: readonly ReachPair[];
  /** Peers that may open nothing to `peer` (direction `to`) or that `peer` may open nothing to. */
  readonly denied: readonly string[];
}

const isAddressSide = (peer: string) => peer.endsWith('[External]') || peer.endsWith('[Node]');

/**
 * `peers` is every peer name of the reach (lib/engine/reach reachPeerNames). Reach
 * never pairs two address ranges, nor a range with a node, so those count as neither
 * allowed nor denied.
 */
export function focusReach(
  pairs: readonly ReachPair[],
  peers: readonly string[],
  focus: ReachFocus,
): FocusedReach {
  const allowed = pairs.filter((p) => (focus.direction === 'to' ? p.to : p.from) === focus.peer);
  const other = new Set(allowed.map((p) => (focus.direction === 'to' ? p.from : p.to)));
  const denied = peers.filter(
    (p) => p !== focus.peer && !other.has(p) && !(isAddressSide(p) && isAddressSide(focus.peer)),
  );
  return { allowed, denied };
}

/**
 * The peer a typed name stands for: the exact name, else the one peer whose name
 * without `[Kind]` (or whose bare name) is it; undefined when none or several match.
 */
export function findPeer(peers: readonly string[], typed: string): string | undefined {
  const t = typed.trim();
  if (peers.includes(t)) return t;
  const bare = (p: string) => p.replace(/\[\w+\]$/, '');
  const byPath = peers.filter((p) => bare(p) === t);
  if (byPath.length === 1) return byPath[0];
  const byName = peers.filter((p) => bare(p).split('/').pop() === t);
  return byName.length === 1 ? byName[0] : undefined;
}
