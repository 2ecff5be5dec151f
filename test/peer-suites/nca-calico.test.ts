// Runs every query of IBM network-config-analyzer's Calico test cases (copied in
// test/peer-suites/nca-calico, see its README and SKIPPED.md) through packetpath's engine
// and compares the number with NCA's `expected` (and `expectedNotExecuted`). What each
// number counts is NCA's own definition (docs/SchemeFileFormat.md "Returned value for each
// sub-query", nca/NetworkConfig/NetworkConfigQuery.py at the suite's commit); the harness
// in test/peer-suites/nca/ reproduces it over packetpath's allowed-connection sets.
//
// Every case is one of:
// - run and expected to match NCA;
// - listed in SKIPPED (NCA-only features), with the reason, and in SKIPPED.md;
// - listed in KNOWN_GAPS (the engine does not evaluate a construct yet) or in
//   DISAGREEMENTS (we believe NCA's number is not what Calico does): such a case must
//   still differ from NCA, so a fix shows up here and the entry has to go.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUITE, loadCases, type Case } from './nca/cases';
import { DISAGREEMENTS, KNOWN_GAPS } from './nca/known';
import { modelOf, viewOf } from './nca/connectivity';
import { runQuery } from './nca/queries';

const cases = loadCases();

function outcome(c: Case): string {
  try {
    const r = runQuery(c.scheme, c.query);
    return `${r.result}/${r.notExecuted}`;
  } catch (e) {
    return `error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
  }
}

// A connectivity map compared with NCA's expected map counts the differing pairs: 0 when they agree.
const want = (c: Case) => `${c.query.expected ?? 0}/${c.query.expectedNotExecuted ?? 0}`;

describe('nca-calico peer suite', () => {
  it('has the cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(370);
    expect(cases.filter((c) => !c.skip).length).toBeGreaterThanOrEqual(320);
  });

  it('lists every skipped case with its reason in SKIPPED.md', () => {
    const doc = readFileSync(join(SUITE, 'SKIPPED.md'), 'utf8');
    const listed = [...doc.matchAll(/^\| `([^`]+)` \| (.+) \|$/gm)].map((m) => `${m[1]} — ${m[2]}`).sort();
    const skipped = cases
      .filter((c) => c.skip)
      .map((c) => `${c.id} — ${c.skip}`)
      .sort();
    expect(listed).toEqual(skipped);
  });

  it('known lists name only cases that exist and are run', () => {
    const run = new Set(cases.filter((c) => !c.skip).map((c) => c.id));
    expect(Object.keys(KNOWN_GAPS).filter((id) => !run.has(id))).toEqual([]);
    expect(Object.keys(DISAGREEMENTS).filter((id) => !run.has(id))).toEqual([]);
  });

  it('a config NCA expects to fail (expectedError: 1) does not load here either', () => {
    const schemes = new Set(cases.map((c) => c.scheme));
    const bad = [...schemes].flatMap((s) => [...s.configs.values()].filter((c) => c.expectedError));
    expect(bad.length).toBeGreaterThanOrEqual(1);
    for (const c of bad) {
      const failed =
        c.loadError !== undefined ||
        (() => {
          try {
            modelOf(viewOf(c));
            return false;
          } catch {
            return true;
          }
        })();
      expect(failed, c.name).toBe(true);
    }
  });

  for (const c of cases.filter((x) => !x.skip)) {
    const known = KNOWN_GAPS[c.id] ?? DISAGREEMENTS[c.id];
    it(c.id, { timeout: 60_000 }, () => {
      const got = outcome(c);
      if (known) {
        // Still differs from NCA for the reason given; when it matches, remove the entry.
        expect(got, known).not.toBe(want(c));
      } else {
        expect(got, `${c.query.type} over ${c.query.configs.join(', ')}`).toBe(want(c));
      }
    });
  }
});
