// The RBAC promise, as a reusable check: read verbs only, no Secrets, no wildcards, and
// exactly the kinds the live source reads (lib/ingest/live/kinds.ts).

import { expect } from 'vitest';
import { SETTINGS_CONFIGMAPS, WATCHED_KINDS } from '../lib/ingest/live/kinds';

export type Rule = { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] };

const READ_VERBS = new Set(['get', 'list', 'watch']);

/** Checks a ClusterRole's rules: read verbs only, no Secrets, no wildcards, every watched kind covered. */
export function checkClusterRoleRules(rules: Rule[]): void {
  for (const r of rules) {
    for (const v of r.verbs) expect(READ_VERBS.has(v), `verb ${v} is not read-only`).toBe(true);
    expect(r.resources).not.toContain('secrets');
    expect([...r.resources, ...r.apiGroups, ...r.verbs]).not.toContain('*');
  }
  for (const k of WATCHED_KINDS) {
    const rule = rules.find((r) => r.apiGroups.includes(k.group) && r.resources.includes(k.plural));
    expect(rule, `no rule for ${k.plural}.${k.group}`).toBeDefined();
    expect(rule!.verbs).toEqual(expect.arrayContaining(['list', 'watch']));
    if (k.only) expect(rule!.resourceNames).toContain(k.only.name);
  }
  const cm = rules.filter((r) => r.resources.includes('configmaps'));
  expect(
    cm.every((r) => r.resourceNames && r.resourceNames.length > 0),
    'configmaps only by name',
  ).toBe(true);
  expect(new Set(cm.flatMap((r) => r.resourceNames!))).toEqual(
    new Set(SETTINGS_CONFIGMAPS.map((c) => c.name)),
  );
  // Nothing beyond what the live source reads.
  for (const r of rules) {
    for (const g of r.apiGroups) {
      for (const res of r.resources) {
        expect(
          WATCHED_KINDS.some((k) => k.group === g && k.plural === res),
          `${res}.${g} is granted but never read`,
        ).toBe(true);
      }
    }
  }
}
