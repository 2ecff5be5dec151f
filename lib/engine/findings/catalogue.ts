// The finding catalogue: one lookup table from code to severity, title and builders,
// merged from the per-area tables. `makeFinding` is the only way findings are built,
// so every finding carries evidence, a fix and verify commands.

import type { Evidence, Finding, FindingCode, Severity } from '../types';
import type { FindingParams } from './params';
import type { FindingSpec } from './spec';
import { renderStep } from './verify-where';
import { entrySpecs } from './specs-north-south';
import { l7Specs } from './specs-l7';
import { l7EntrySpecs } from './specs-l7-entry';
import { mtuSpecs } from './specs-mtu';
import { overlaySpecs } from './specs-overlay';
import { policySpecs } from './specs-policy';
import { serviceSpecs } from './specs-service';
import { dataplaneSpecs } from './specs-dataplane';
import { cniPolicySpecs } from './specs-cni-policy';

type Catalogue = { readonly [C in FindingCode]: FindingSpec<FindingParams[C]> };

export const CATALOGUE: Catalogue = {
  ...policySpecs,
  ...mtuSpecs,
  ...overlaySpecs,
  ...serviceSpecs,
  ...entrySpecs,
  ...l7Specs,
  ...l7EntrySpecs,
  ...dataplaneSpecs,
  ...cniPolicySpecs,
};

/** Severity of a code, from the catalogue. */
export function severityOf(code: FindingCode): Severity {
  return CATALOGUE[code].severity;
}

const RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** Sort key: errors first, then warnings, then info. */
export function severityRank(severity: Severity): number {
  return RANK[severity];
}

/**
 * Builds a finding from the catalogue entry of `code`: title, detail, fix and verify come
 * from the entry's builders applied to `params`; `evidence` names the objects and fields.
 */
export function makeFinding<C extends FindingCode>(
  code: C,
  params: FindingParams[C],
  evidence: readonly Evidence[],
  hop?: string,
): Finding {
  const spec = CATALOGUE[code] as FindingSpec<FindingParams[C]>;
  const steps = spec.verify(params);
  const base: Finding = {
    code,
    severity: spec.severity,
    title: spec.title,
    detail: spec.detail(params),
    evidence: dedupeEvidence(evidence),
    fix: spec.fix(params),
    verify: steps.map(renderStep),
    verifySteps: [...steps],
  };
  return hop === undefined ? base : { ...base, hop };
}

function dedupeEvidence(evidence: readonly Evidence[]): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const e of evidence) {
    const key = `${e.kind}|${e.namespace ?? ''}|${e.name}|${e.field}|${e.value}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(e);
    }
  }
  return out;
}

export type { FindingParams } from './params';
