// Small readers over validated objects. Validation has already rejected wrong
// shapes, so these only deal with absent values (undefined or null) and defaults.

import type {
  KubeObject,
  LabelSelector,
  LabelSelectorRequirement,
  Labels,
  Protocol,
} from '../../model/types';

export type Json = Record<string, unknown>;

export function map(v: unknown): Json | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}

export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function maps(v: unknown): Json[] {
  return list(v).flatMap((x) => {
    const m = map(x);
    return m ? [m] : [];
  });
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

export function strings(v: unknown): string[] {
  return list(v).filter((x): x is string => typeof x === 'string');
}

/** A string map with null values read as "" (as the API server does). */
export function labels(v: unknown): Labels {
  const m = map(v);
  if (!m) return {};
  const out: Record<string, string> = {};
  for (const k of Object.keys(m)) out[k] = typeof m[k] === 'string' ? (m[k] as string) : '';
  return out;
}

export function protocol(v: unknown): Protocol {
  return v === 'UDP' || v === 'SCTP' ? v : 'TCP';
}

export function nameOf(o: KubeObject): string {
  return str(o.metadata.name) ?? str(o.metadata.generateName) ?? '';
}

/** Objects without metadata.namespace live in `default`. */
export function namespaceOf(o: KubeObject): string {
  return str(o.metadata.namespace) || 'default';
}

export function selector(v: unknown): LabelSelector {
  const m = map(v);
  if (!m) return {};
  const out: { matchLabels?: Labels; matchExpressions?: LabelSelectorRequirement[] } = {};
  if (map(m.matchLabels)) out.matchLabels = labels(m.matchLabels);
  const exprs = maps(m.matchExpressions).map((e) => {
    const req: LabelSelectorRequirement = {
      key: str(e.key) ?? '',
      operator: e.operator as LabelSelectorRequirement['operator'],
    };
    return Array.isArray(e.values) ? { ...req, values: strings(e.values) } : req;
  });
  if (exprs.length) out.matchExpressions = exprs;
  return out;
}

/** status of the condition `type` in a conditions list ('True' | 'False' | 'Unknown'), if present. */
export function condition(conditions: unknown, type: string): string | undefined {
  for (const c of maps(conditions)) if (c.type === type) return str(c.status);
  return undefined;
}

export const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
