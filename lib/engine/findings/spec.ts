// The shape of one catalogue entry: severity, title and builders for the detail, the
// fix and the verify commands. Tables of these replace a switch over codes.

import type { FindingCode, Severity, VerifyStep } from '../types';
import type { FindingParams } from './params';

export interface FindingSpec<P> {
  readonly severity: Severity;
  readonly title: string;
  readonly detail: (p: P) => string;
  readonly fix: (p: P) => string;
  /** Each command with where it runs (verify-where.ts); the finding's `verify` strings are rendered from these. */
  readonly verify: (p: P) => readonly VerifyStep[];
}

export type SpecTable<C extends FindingCode> = { readonly [K in C]: FindingSpec<FindingParams[K]> };

/** `a, b and c` */
export function joinWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `ns/name` → `-n ns name` for kubectl. */
export function kubectlRef(ref: string): string {
  const slash = ref.indexOf('/');
  return slash < 0 ? ref : `-n ${ref.slice(0, slash)} ${ref.slice(slash + 1)}`;
}

export function nameOf(ref: string): string {
  return ref.slice(ref.indexOf('/') + 1);
}

export function nsOf(ref: string): string {
  const slash = ref.indexOf('/');
  return slash < 0 ? 'default' : ref.slice(0, slash);
}
