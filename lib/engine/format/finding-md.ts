// One finding as Markdown (shared by trace and lint output).

import type { Finding } from '../types';
import { revealHidden } from '../../model/hidden-chars';
import { SEVERITY_MARK } from './text-wrap';

/**
 * Prose from object names and texts, made inert: Markdown renderers pass inline HTML
 * through (CommonMark 6.6 "Raw HTML"), so `<img onerror=...>` in a name would run in a ticket;
 * a right-to-left override in a name would reorder the sentence around it, so hidden
 * formatting characters are shown as code points (lib/model/hidden-chars.ts).
 */
export function escapeHtml(text: string): string {
  // `<` opens every tag and `&` every entity; `>` alone is inert and stays readable (`1550 > 1500`).
  return revealHidden(text.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
}

function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

export function findingMd(f: Finding, where: string): string[] {
  const lines = [
    // `where` names the hop, and with it the node: prose like the title.
    `#### ${SEVERITY_MARK[f.severity]} · \`${f.code}\`${where ? ` · ${escapeHtml(where)}` : ''}`,
    '',
    `**${escapeHtml(f.title)}.** ${escapeHtml(f.detail)}`,
    '',
  ];
  if (f.evidence.length) {
    lines.push('**Evidence**', '');
    for (const e of f.evidence)
      lines.push(
        `- ${code(`${e.kind} ${e.namespace ? `${e.namespace}/` : ''}${e.name}`)} ${code(e.field)} = ${code(e.value)}`,
      );
    lines.push('');
  }
  // A fix is a sentence, then (optionally) commands or a manifest: prose as a paragraph,
  // the rest in a code block so it pastes.
  const [prose = '', ...commands] = f.fix.split('\n');
  lines.push('**Fix**', '', escapeHtml(prose), '');
  if (commands.length) lines.push('```sh', ...commands, '```', '');
  if (f.verify.length) lines.push('**Verify**', '', '```sh', ...f.verify, '```', '');
  return lines;
}
