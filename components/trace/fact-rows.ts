// The hop panel's fact table: engine fact keys (stable for JSON and tests) shown with their
// sentence-case labels (lib/engine/trace/fact-words.ts), each fact once.

import type { Hop } from 'lib/engine/types';
import { factLabel } from 'lib/engine/trace/fact-words';
import { isReached } from './path-graph';

export interface FactRow {
  readonly label: string;
  readonly value: string;
}

/**
 * Every row of the table, the hop's own fields first. The generic MTU row is left out when a
 * fact already states that MTU under a more precise name (inner MTU, underlay MTU), and a
 * fact that repeats an earlier row word for word is shown once.
 */
export function factRows(hop: Hop): FactRow[] {
  const facts = Object.entries(hop.facts ?? {}).map(([k, v]) => ({ label: factLabel(k), value: v }));
  const rows: FactRow[] = [];
  if (hop.node) rows.push({ label: 'Node', value: hop.node });
  if (hop.src) rows.push({ label: 'Source', value: hop.src });
  if (hop.dst) rows.push({ label: 'Destination', value: hop.dst });
  const mtu = hop.mtu === undefined ? undefined : String(hop.mtu);
  const statedElsewhere = facts.some((f) => f.label !== 'MTU' && / MTU$/.test(f.label) && f.value === mtu);
  if (mtu !== undefined && !statedElsewhere) rows.push({ label: 'MTU', value: mtu });
  rows.push({
    label: 'Verdict',
    value: isReached(hop) ? hop.verdict : `${hop.verdict} (if it were reached)`,
  });
  for (const f of facts) if (!rows.some((r) => r.label === f.label && r.value === f.value)) rows.push(f);
  return rows;
}
