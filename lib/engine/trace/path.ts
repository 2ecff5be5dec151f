// The mutable builder a trace writes hops and findings into; `finish` freezes it into
// the contract's TraceResult. Hop ids are h1, h2, ... in packet order.

import { dataPlaneStep, renderStep } from '../findings/verify-where';
import type {
  Evidence,
  Finding,
  FindingCode,
  Hop,
  HopBranch,
  HopKind,
  HopVerdict,
  PolicyChainStep,
} from '../types';
import type { ObjectRef } from '../../model/types';
import type { FindingParams } from '../findings/catalogue';
import { makeFinding } from '../findings/catalogue';
import { causeText } from '../findings/causes';

export interface HopInput {
  readonly kind: HopKind;
  readonly label: string;
  readonly node?: string;
  readonly mtu?: number;
  readonly src?: string;
  readonly dst?: string;
  readonly explain: string;
  readonly facts?: Readonly<Record<string, string>>;
  readonly refs?: readonly ObjectRef[];
  readonly branches?: readonly HopBranch[];
  readonly verify?: readonly string[];
  readonly policyChain?: readonly PolicyChainStep[];
}

interface HopDraft {
  input: HopInput;
  verdict: HopVerdict;
  findings: FindingCode[];
}

export class PathBuilder {
  private readonly drafts: HopDraft[] = [];
  readonly findings: Finding[] = [];
  /** Set once a hop drops the packet for certain; later legs stop. */
  stopped = false;

  /** Appends a hop (verdict pass until a finding or `drop` says otherwise) and returns its id. */
  add(input: HopInput): string {
    this.drafts.push({ input, verdict: 'pass', findings: [] });
    return `h${this.drafts.length}`;
  }

  /** Raises finding `code` at hop `hopId`; error/warning findings turn a passing hop into `warn`. */
  raise<C extends FindingCode>(
    hopId: string,
    code: C,
    params: FindingParams[C],
    evidence: readonly Evidence[],
  ): Finding {
    const finding = makeFinding(code, params, evidence, hopId);
    this.findings.push(finding);
    const cause = causeText(code, params);
    if (cause) this.findingCauses.set(finding, cause);
    const draft = this.draft(hopId);
    if (!draft.findings.includes(code)) draft.findings.push(code);
    if (draft.verdict === 'pass' && finding.severity !== 'info') draft.verdict = 'warn';
    return finding;
  }

  /** Marks the hop as dropping the packet. `final` stops the trace after it. */
  drop(hopId: string, final: boolean, cause?: string): void {
    this.draft(hopId).verdict = 'drop';
    if (cause) this.causes.set(hopId, cause);
    if (final) this.stopped = true;
  }

  /** Short causes with numbers, by hop id, for the summary sentence. */
  readonly causes = new Map<string, string>();

  /** Short cause with numbers of each finding raised, for the summary sentence. */
  readonly findingCauses = new Map<Finding, string>();

  /** Adds facts to an existing hop (e.g. once a later step knows more). */
  patch(hopId: string, extra: Partial<HopInput>): void {
    const d = this.draft(hopId);
    d.input = { ...d.input, ...extra, facts: { ...d.input.facts, ...extra.facts } };
  }

  /** The input of an existing hop (to extend its branches or facts with `patch`). */
  inputOf(hopId: string): HopInput {
    return this.draft(hopId).input;
  }

  lastId(): string | undefined {
    return this.drafts.length ? `h${this.drafts.length}` : undefined;
  }

  private draft(hopId: string): HopDraft {
    const d = this.drafts[Number(hopId.slice(1)) - 1];
    if (!d) throw new RangeError(`unknown hop ${hopId}`);
    return d;
  }

  hops(): Hop[] {
    // Hops after the first drop are drawn for context only: the packet never gets there.
    const firstDrop = this.drafts.findIndex((d) => d.verdict === 'drop');
    return this.drafts.map((d, i) => {
      const { input } = d;
      const hop: Hop = {
        id: `h${i + 1}`,
        kind: input.kind,
        label: input.label,
        ...(input.node !== undefined ? { node: input.node } : {}),
        ...(input.mtu !== undefined ? { mtu: input.mtu } : {}),
        ...(input.src !== undefined ? { src: input.src } : {}),
        ...(input.dst !== undefined ? { dst: input.dst } : {}),
        verdict: d.verdict,
        findings: [...d.findings],
        explain: input.explain,
        ...(input.facts && Object.keys(input.facts).length ? { facts: input.facts } : {}),
        ...(input.refs && input.refs.length ? { refs: input.refs } : {}),
        ...(input.branches && input.branches.length ? { branches: input.branches } : {}),
        ...(input.verify && input.verify.length ? hopVerify(input.verify, input.node) : {}),
        ...(firstDrop >= 0 && i > firstDrop ? { reached: false } : {}),
        ...(input.policyChain && input.policyChain.length ? { policyChain: input.policyChain } : {}),
      };
      return hop;
    });
  }
}

/** A hop's data-plane commands run on the hop's node: each says where (verify-where.ts). */
function hopVerify(
  commands: readonly string[],
  node: string | undefined,
): Pick<Hop, 'verify' | 'verifySteps'> {
  const steps = commands.map((c) => dataPlaneStep(c, node));
  return { verify: steps.map(renderStep), verifySteps: steps };
}
