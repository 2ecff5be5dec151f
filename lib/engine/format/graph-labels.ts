// Label text for the graph formats. Graphviz and Mermaid each give some characters a
// meaning inside a quoted label; these functions keep every label literal.

/**
 * A DOT label. The DOT language makes `\"` the only escape in a quoted string, but
 * labels are escString: `\n`, `\l`, `\N`, `\G` ... are interpreted, so a literal
 * backslash is written `\\` (https://graphviz.org/doc/info/lang.html,
 * https://graphviz.org/docs/attr-types/escString/). ts-graphviz quotes `"` and turns
 * newlines into `\n`; the backslashes are ours to double.
 */
export function dotLabel(lines: readonly string[]): string {
  return lines.map((l) => l.replace(/\\/g, '\\\\').replace(/\r?\n/g, ' ')).join('\n');
}

/**
 * Text inside a Mermaid `["..."]` label or `|"..."|` edge label. Mermaid reads entity
 * codes there (`#quot;`, `#35;`, `#lt;` ...: https://mermaid.js.org/syntax/flowchart.html
 * "Entity codes to escape characters"), and renders labels as HTML, so `"`, `#`, `<`,
 * `>`, `&` and `|` become entity codes and lines are joined with `<br/>`.
 */
export function mermaidLabel(lines: readonly string[]): string {
  const escape = (s: string) =>
    s.replace(/[#"<>&|`]/g, (c) => `#${c.codePointAt(0)};`).replace(/\r?\n/g, ' ');
  return lines.map(escape).join('<br/>');
}
