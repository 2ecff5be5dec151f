// The fast YAML path: js-yaml with its YAML 1.2 core schema (the schema the `yaml`
// package uses by default, so the same text gives the same values: timestamps stay
// strings, `yes` stays a string, `0o17` is 15). Measured side by side on the benchmark
// dumps (bench/RESULTS.md) it parses `kubectl get -o yaml` output 10-15x faster than the
// `yaml` package's parseAllDocuments + toJS, with a fraction of its memory.
//
// Its protections: nesting deeper than MAX_DEPTH, duplicate keys and NUL bytes are
// errors (js-yaml refuses them itself; the error names line and column). Aliases are
// not expanded by js-yaml but shared, which would let an alias bomb explode later, in
// whatever walks the value; so text that may hold an anchor is left to the `yaml` path
// (parse.ts), which counts alias expansions. kubectl never writes anchors.

import { CORE_SCHEMA, loadAll, YAMLException, type LoadOptions } from 'js-yaml';

/** Deeper nesting is refused (a Kubernetes object is rarely deeper than 20). */
export const MAX_YAML_DEPTH = 1000;

/** An anchor (`&name`) where YAML allows one: line start, after space, `[`, `{` or `,`. */
const MAY_HAVE_ANCHOR = /(?:^|[\s[{,])&[^\s,[\]{}]/;

export function mayHaveAnchors(text: string): boolean {
  return MAY_HAVE_ANCHOR.test(text);
}

export interface FastYamlFailure {
  /**
   * A problem the `yaml` package would not report (a NUL byte) or could not survive
   * (nesting deep enough to overflow its recursive composer): report it as it is.
   */
  readonly final: boolean;
  readonly doc: number;
  readonly line: number;
  readonly col: number;
  readonly reason: string;
}

/** The documents' values, or the first syntax problem with its document, line and column. */
export function loadYamlDocuments(text: string): { values: unknown[] } | { failure: FastYamlFailure } {
  try {
    // js-yaml 4.3 takes maxDepth; @types/js-yaml 4.0.9 predates the option.
    const options = { schema: CORE_SCHEMA, maxDepth: MAX_YAML_DEPTH } as LoadOptions;
    return { values: loadAll(text, null, options) };
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    const mark = (e as YAMLException & { mark?: { position: number; line: number; column: number } }).mark;
    const position = mark?.position ?? 0;
    const reason = e.reason ?? e.message;
    return {
      failure: {
        final: /maxDepth|null byte/.test(reason),
        doc: documentAt(text, position),
        // From the position: js-yaml leaves line/column at 0 for its up-front NUL check.
        ...lineColAt(text, position),
        reason: reasonOf(reason),
      },
    };
  }
}

function reasonOf(reason: string): string {
  if (/maxDepth/.test(reason))
    return `nested more than ${MAX_YAML_DEPTH} levels deep (refused: no Kubernetes object is that deep)`;
  return reason;
}

function lineColAt(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

/** The index of the document holding `position`: `---` lines before it, less a leading one. */
function documentAt(text: string, position: number): number {
  const before = text.slice(0, position);
  const separators = before.match(/^---(?:[ \t].*)?$/gm)?.length ?? 0;
  const leading = /^(?:\s*#.*\n|\s*\n)*---(?:[ \t]|$)/.test(text) ? 1 : 0;
  return Math.max(0, separators - leading);
}
