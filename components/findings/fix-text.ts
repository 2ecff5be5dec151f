// A finding's `fix` mixes prose and shell: a command on its own line (sometimes with a
// heredoc), a command after "…snapshot:" or "…, then", or a command in `backticks`.
// This splits it into paragraphs with inline code and whole commands that can be copied.

export type FixInline = { readonly kind: 'text' | 'code'; readonly text: string };

export type FixBlock =
  | { readonly kind: 'prose'; readonly parts: readonly FixInline[] }
  /** One command as typed in a shell; may span lines (heredoc, `\` continuation). */
  | { readonly kind: 'command'; readonly command: string };

/** First words that start a command line in our fixes and verify hints. */
const COMMANDS: ReadonlySet<string> = new Set([
  'kubectl',
  'calicoctl',
  'cilium',
  'helm',
  'ip',
  'iptables',
  'iptables-save',
  'ip6tables',
  'nft',
  'ipvsadm',
  'tracepath',
  'ping',
  'curl',
  'nc',
  'dig',
  'nslookup',
  'sysctl',
  'ethtool',
  'tcpdump',
  'conntrack',
  'ss',
  'bridge',
  'traceroute',
  'kubeadm',
  'systemctl',
  'journalctl',
  'crictl',
  'hubble',
  'bpftool',
  'wget',
]);

/** A word that starts a command and is used as one (lower-case, followed by an argument). */
function startsCommand(text: string): boolean {
  const m = /^(?:\$ |sudo )?([a-z][a-z0-9-]*)(?: \S|$)/.exec(text);
  return m !== null && COMMANDS.has(m[1]!);
}

/** A whole line that is a command, not a sentence: it starts with one and does not end like prose. */
export function isCommandLine(line: string): boolean {
  const t = line.trim();
  return (
    startsCommand(t) &&
    !/[.!?]$/.test(t) &&
    !/^\S+ (?:the|a|an|is|are|it|to|that|this|on|with)\b/.test(t.replace(/^(\$ |sudo )/, ''))
  );
}

/** Backtick spans become inline code; an unpaired backtick stays text. */
export function inlineParts(text: string): FixInline[] {
  const parts: FixInline[] = [];
  const re = /`([^`\n]+)`/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) parts.push({ kind: 'text', text: text.slice(last, m.index) });
    parts.push({ kind: 'code', text: m[1]! });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

/** The heredoc terminator a command line opens (`<<'EOF'`, `<<EOF`, `<<-EOF`), if any. */
function heredocEnd(line: string): string | undefined {
  return /<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/.exec(line)?.[2];
}

/** A command may be a list joined by "; " (each part a command): one block each. */
function splitCommands(text: string): string[] {
  const pieces = text.split(/;\s+/);
  return pieces.length > 1 && pieces.every(startsCommand) ? pieces : [text];
}

/**
 * Prose that ends in a command ("…in the snapshot: kubectl get …", "…, then kubectl …"):
 * the prose part and the command, or undefined when the line is prose only.
 */
function trailingCommand(line: string): { prose: string; command: string } | undefined {
  const re = /(?::|;|,? then|\brun) (?=\S)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const rest = line.slice(m.index + m[0].length).replace(/\.$/, '');
    if (!rest.includes('`') && isCommandLine(rest))
      return { prose: line.slice(0, m.index + m[0].length).trimEnd(), command: rest };
  }
  return undefined;
}

/** Splits a finding's fix text into prose paragraphs and copyable commands. Pure. */
export function parseFix(fix: string): FixBlock[] {
  const blocks: FixBlock[] = [];
  const lines = fix.replace(/\r\n?/g, '\n').split('\n');
  const prose = (text: string) => {
    if (text.trim()) blocks.push({ kind: 'prose', parts: inlineParts(text.trim()) });
  };
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (!isCommandLine(line)) {
      const split = trailingCommand(line);
      if (!split) {
        prose(line);
        continue;
      }
      prose(split.prose);
      for (const c of splitCommands(split.command)) blocks.push({ kind: 'command', command: c });
      continue;
    }
    // A command runs on over `\` continuations and through a heredoc to its terminator.
    const body = [line.trim().replace(/^\$ /, '')];
    while (/\\$/.test(body[body.length - 1]!) && i + 1 < lines.length) body.push(lines[++i]!);
    const end = heredocEnd(body.join('\n'));
    if (end !== undefined) {
      while (i + 1 < lines.length) {
        const next = lines[++i]!;
        body.push(next);
        if (next.trim() === end) break;
      }
    }
    const command = body.join('\n');
    for (const c of body.length > 1 ? [command] : splitCommands(command))
      blocks.push({ kind: 'command', command: c });
  }
  return blocks;
}
