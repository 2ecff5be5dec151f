'use client';

import type { Hop, PolicyChainStep } from 'lib/engine/types';
import { EvidenceLink } from 'components/findings/evidence-link';

const VERDICT_TEXT: Readonly<Record<string, string>> = {
  Allow: 'allows',
  Deny: 'denies',
  Pass: 'passes to the next tier',
  'no match': 'no rule matches',
  'default Deny': 'no rule matched: the tier’s default action denies',
  'isolated Deny': 'a policy selects the endpoint and no rule allows it: default deny',
  'default Pass': 'no rule matched: the tier’s default action passes on',
};

const STAGES_WITHOUT_TIERS: ReadonlySet<string> = new Set(['admin', 'deny', 'allow', 'baseline', 'default']);

function tierTitle(step: PolicyChainStep): string {
  if (step.stage === 'profiles' || step.tier === 'profiles') return 'Profiles';
  if (step.stage && STAGES_WITHOUT_TIERS.has(step.stage)) return step.tier;
  const stage = step.stage === 'doNotTrack' ? ' (untracked)' : step.stage === 'preDNAT' ? ' (pre-DNAT)' : '';
  return `Tier ${step.tier}${step.order !== undefined ? `, order ${step.order}` : ''}${stage}`;
}

/**
 * The tiers (or, without Calico, the ANP / Cilium deny / allow / Baseline stages) and
 * policies a packet went through, in evaluation
 * order, each with its verdict in words; the deciding rule is marked in text, not by
 * colour alone. Policy names open their YAML.
 */
export function PolicyChain({ hop, source }: { hop: Hop; source: string }) {
  const chain = hop.policyChain ?? [];
  if (chain.length === 0) return null;
  return (
    <section data-testid="policy-chain" aria-labelledby={`${hop.id}-chain`}>
      <h3 id={`${hop.id}-chain`} className="mb-1 text-sm font-semibold">
        {chain.some((s) => s.stage && STAGES_WITHOUT_TIERS.has(s.stage))
          ? 'Policy stages, in order'
          : 'Policy tiers, in order'}
      </h3>
      <ol className="space-y-2 text-sm">
        {chain.map((step, i) => (
          <li
            key={`${step.tier}-${i}`}
            data-tier={step.tier}
            data-verdict={step.verdict}
            className={`rounded border px-2 py-1 ${step.decides ? 'border-slate-500 dark:border-slate-400' : 'border-slate-200 dark:border-slate-700'}`}
          >
            <p>
              <span className="font-semibold">{tierTitle(step)}</span>
              {': '}
              <span>
                {VERDICT_TEXT[
                  step.stage === 'allow' && step.verdict === 'default Deny' ? 'isolated Deny' : step.verdict
                ] ?? step.verdict}
              </span>
              {step.decides && <strong className="ml-1">(decides)</strong>}
            </p>
            {step.policies.length > 0 && (
              <ul className="mt-1 space-y-1 pl-3">
                {step.policies.map((p, k) => {
                  const generated = p.kind === 'Profile' && p.name.startsWith('kns.') && !p.rule;
                  return (
                    <li
                      key={`${p.kind}-${p.namespace ?? ''}-${p.name}-${k}`}
                      data-deciding={p.deciding ? 'true' : 'false'}
                      className={
                        p.deciding ? 'rounded bg-amber-50 px-1 font-medium dark:bg-amber-950/40' : ''
                      }
                    >
                      <span className="text-xs text-slate-600 dark:text-slate-300">
                        {p.apiGroup === 'networking.k8s.io' ? '' : `${p.apiGroup} `}
                      </span>
                      {generated || p.kind === 'Profile' ? (
                        <span className="font-mono text-xs">
                          {p.kind} {p.name}
                        </span>
                      ) : (
                        <EvidenceLink
                          source={source}
                          evidence={{
                            kind: p.kind,
                            name: p.name,
                            ...(p.namespace ? { namespace: p.namespace } : {}),
                            field: p.rule ?? 'spec',
                            value: p.verdict,
                          }}
                        />
                      )}
                      {' — '}
                      {p.rule ? <code className="font-mono text-xs">{p.rule}</code> : null}
                      {p.rule ? ' ' : ''}
                      <span>{VERDICT_TEXT[p.verdict] ?? p.verdict}</span>
                      {p.deciding && <strong className="ml-1">← deciding rule</strong>}
                    </li>
                  );
                })}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
