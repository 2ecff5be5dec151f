// A SOURCE id names where cluster state comes from: `scenario:SLUG`, `upload:ID`,
// `snapshot:ID`, `share:ID`, or `live`. This is the one grammar for the API, the pages,
// share links and the source registry; ids are made and taken apart only here.

/** Where a snapshot came from (`files` is the CLI's INPUT: it has a kind but no id). */
export const SOURCE_KINDS = ['scenario', 'upload', 'snapshot', 'live', 'share', 'files'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Kinds whose id carries a name after the colon. */
export type NamedSourceKind = 'scenario' | 'upload' | 'snapshot' | 'share';

/** A kind (lower-case word), then optionally `:` and a name of URL-safe characters. */
export const SOURCE_ID_PATTERN = /^[a-z][a-z0-9-]*(?::[A-Za-z0-9._~-]{1,200})?$/;
export const SOURCE_ID_HINT = 'expected a source id such as scenario:SLUG or upload:ID';

export function sourceId(kind: NamedSourceKind, name: string): string;
export function sourceId(kind: 'live'): string;
export function sourceId(kind: NamedSourceKind | 'live', name?: string): string {
  return kind === 'live' ? 'live' : `${kind}:${name}`;
}

/** The prefix (the registry's provider key) and the rest, or undefined when malformed. */
export function splitSourceId(id: string): { prefix: string; rest: string } | undefined {
  if (!SOURCE_ID_PATTERN.test(id)) return undefined;
  const colon = id.indexOf(':');
  return colon < 0 ? { prefix: id, rest: '' } : { prefix: id.slice(0, colon), rest: id.slice(colon + 1) };
}

/** The scenario slug of a `scenario:SLUG` id; undefined for any other id. */
export function scenarioSlugOf(id: string): string | undefined {
  const parts = splitSourceId(id);
  return parts?.prefix === 'scenario' && parts.rest ? parts.rest : undefined;
}
