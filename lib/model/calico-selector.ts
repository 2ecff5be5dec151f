// The Calico selector language, parsed into an AST and evaluated against labels.
// Grammar and semantics follow projectcalico/calico libcalico-go/lib/selector
// (tokenizer/tokenizer.go, parser/parser.go, parser/ast.go):
//
//   or    := and ('||' and)*
//   and   := op ('&&' op)*
//   op    := '!'* ( 'all()' | 'global()' | 'has(' LABEL ')' | '(' or ')'
//                 | LABEL ('==' | '!=' | 'contains' | 'starts with' | 'ends with') STRING
//                 | LABEL ('in' | 'not in') '{' (STRING (',' STRING)*)? '}' )
//
// LABEL is [A-Za-z0-9_./-]+; STRING is "..." or '...' (no escapes). `!=` and `not in`
// match a label that is absent; `==`, `in`, `contains`, `starts with`, `ends with`
// need it present. An empty selector is `all()`. `global()` matches everything as a
// selector; in a namespaceSelector it means "endpoints that have no namespace" (the
// caller rewrites it, as Calico's rule conversion does).

import type { Labels } from './types';

export type CalicoSelector =
  | { readonly op: 'all' }
  | { readonly op: 'global' }
  | { readonly op: 'has'; readonly key: string }
  | {
      readonly op: '==' | '!=' | 'contains' | 'starts with' | 'ends with';
      readonly key: string;
      readonly value: string;
    }
  | { readonly op: 'in' | 'not in'; readonly key: string; readonly values: readonly string[] }
  | { readonly op: 'not'; readonly operand: CalicoSelector }
  | { readonly op: 'and' | 'or'; readonly operands: readonly CalicoSelector[] };

/** A selector that does not parse: where (0-based character offset) and what was expected. */
export class CalicoSelectorError extends Error {
  constructor(
    readonly selector: string,
    readonly position: number,
    readonly expected: string,
  ) {
    super(
      `invalid selector ${JSON.stringify(selector)} at position ${position}: expected ${expected}, found ${describeAt(selector, position)}`,
    );
    this.name = 'CalicoSelectorError';
  }
}

function describeAt(text: string, pos: number): string {
  if (pos >= text.length) return 'the end of the selector';
  return JSON.stringify(text.slice(pos, pos + 12));
}

const MAX_LABEL_LENGTH = 512;
const isIdentChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_./-]/.test(c);

type Tok =
  | { readonly kind: 'label' | 'string'; readonly value: string; readonly pos: number }
  | {
      readonly kind:
        | '('
        | ')'
        | '{'
        | '}'
        | ','
        | '=='
        | '!='
        | '!'
        | '&&'
        | '||'
        | 'in'
        | 'not in'
        | 'contains'
        | 'starts with'
        | 'ends with'
        | 'all'
        | 'global'
        | 'eof';
      readonly pos: number;
    }
  | { readonly kind: 'has'; readonly value: string; readonly pos: number };

function tokenize(text: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const skipSpace = () => {
    while (text[i] === ' ' || text[i] === '\t') i++;
  };
  const ident = (): string => {
    const start = i;
    while (isIdentChar(text[i])) i++;
    if (i === start) throw new CalicoSelectorError(text, start, 'a label name');
    if (i - start > MAX_LABEL_LENGTH)
      throw new CalicoSelectorError(text, start, `a label of at most ${MAX_LABEL_LENGTH} characters`);
    return text.slice(start, i);
  };
  /** `words` separated by spaces, ending at a word boundary. */
  const word = (...words: string[]): boolean => {
    let j = i;
    for (const [n, w] of words.entries()) {
      if (!text.startsWith(w, j)) return false;
      j += w.length;
      if (n < words.length - 1) while (text[j] === ' ' || text[j] === '\t') j++;
    }
    if (isIdentChar(text[j])) return false;
    i = j;
    return true;
  };
  for (;;) {
    skipSpace();
    const pos = i;
    if (i >= text.length) {
      toks.push({ kind: 'eof', pos });
      return toks;
    }
    const c = text[i]!;
    const last = toks[toks.length - 1];
    if (c === '(' || c === ')' || c === '{' || c === '}' || c === ',') {
      toks.push({ kind: c, pos });
      i++;
    } else if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0)
        throw new CalicoSelectorError(
          text,
          text.length,
          `a closing ${c} for the string starting at position ${pos}`,
        );
      toks.push({ kind: 'string', value: text.slice(i + 1, end), pos });
      i = end + 1;
    } else if (c === '=') {
      if (text[i + 1] !== '=') throw new CalicoSelectorError(text, pos, '==');
      toks.push({ kind: '==', pos });
      i += 2;
    } else if (c === '!') {
      if (text[i + 1] === '=') {
        toks.push({ kind: '!=', pos });
        i += 2;
      } else {
        toks.push({ kind: '!', pos });
        i++;
      }
    } else if (c === '&' || c === '|') {
      if (text[i + 1] !== c) throw new CalicoSelectorError(text, pos, c + c);
      toks.push({ kind: c === '&' ? '&&' : '||', pos });
      i += 2;
    } else if (last?.kind === 'label') {
      // After a label only an operator may follow (the tokenizer's rule upstream).
      if (word('contains')) toks.push({ kind: 'contains', pos });
      else if (word('starts', 'with')) toks.push({ kind: 'starts with', pos });
      else if (word('ends', 'with')) toks.push({ kind: 'ends with', pos });
      else if (word('not', 'in')) toks.push({ kind: 'not in', pos });
      else if (word('in')) toks.push({ kind: 'in', pos });
      else
        throw new CalicoSelectorError(
          text,
          pos,
          `an operator (==, !=, in, not in, contains, starts with, ends with) after label "${last.value}"`,
        );
    } else if (text.startsWith('has(', i)) {
      i += 4;
      skipSpace();
      const key = ident();
      skipSpace();
      if (text[i] !== ')') throw new CalicoSelectorError(text, i, `) to close has(${key}`);
      i++;
      toks.push({ kind: 'has', value: key, pos });
    } else if (text.startsWith('all(', i) || text.startsWith('global(', i)) {
      const kind = text.startsWith('all(', i) ? 'all' : 'global';
      i += kind.length + 1;
      skipSpace();
      if (text[i] !== ')') throw new CalicoSelectorError(text, i, `) to close ${kind}(`);
      i++;
      toks.push({ kind, pos });
    } else {
      toks.push({ kind: 'label', value: ident(), pos });
    }
  }
}

const LABEL_OPS = ['==', '!=', 'contains', 'starts with', 'ends with'] as const;

/** Parses a Calico selector; throws CalicoSelectorError naming the position and what was expected. */
export function parseCalicoSelector(text: string): CalicoSelector {
  const toks = tokenize(text);
  let k = 0;
  const peek = () => toks[k]!;
  const fail = (expected: string): never => {
    throw new CalicoSelectorError(text, peek().pos, expected);
  };
  if (peek().kind === 'eof') return { op: 'all' };

  const orExpr = (): CalicoSelector => {
    const parts = [andExpr()];
    while (peek().kind === '||') {
      k++;
      parts.push(andExpr());
    }
    return parts.length === 1 ? parts[0]! : { op: 'or', operands: parts };
  };
  const andExpr = (): CalicoSelector => {
    const parts = [operation()];
    while (peek().kind === '&&') {
      k++;
      parts.push(operation());
    }
    return parts.length === 1 ? parts[0]! : { op: 'and', operands: parts };
  };
  const operation = (): CalicoSelector => {
    let negated = false;
    while (peek().kind === '!') {
      negated = !negated;
      k++;
    }
    const t = peek();
    let node: CalicoSelector;
    switch (t.kind) {
      case 'has':
        k++;
        node = { op: 'has', key: t.value };
        break;
      case 'all':
      case 'global':
        k++;
        node = { op: t.kind };
        break;
      case '(': {
        k++;
        node = orExpr();
        if (peek().kind !== ')') fail(') to close the ( at position ' + t.pos);
        k++;
        break;
      }
      case 'label': {
        k++;
        const opTok = peek();
        const op = opTok.kind;
        if ((LABEL_OPS as readonly string[]).includes(op)) {
          k++;
          const v = peek();
          if (v.kind !== 'string') fail(`a quoted string after ${op}`);
          k++;
          node = {
            op: op as (typeof LABEL_OPS)[number],
            key: t.value,
            value: (v as { value: string }).value,
          };
        } else if (op === 'in' || op === 'not in') {
          k++;
          if (peek().kind !== '{') fail(`{ to start the set after ${op}`);
          k++;
          const values: string[] = [];
          while (peek().kind === 'string') {
            values.push((peek() as { value: string }).value);
            k++;
            if (peek().kind !== ',') break;
            k++;
          }
          if (peek().kind !== '}') fail('a quoted string or } to close the set');
          k++;
          node = { op, key: t.value, values: [...new Set(values)].sort() };
        } else {
          fail(`an operator after label "${t.value}"`);
          throw new Error('unreachable');
        }
        break;
      }
      case 'eof':
        fail('a label, has(), all(), global(), ! or (');
        throw new Error('unreachable');
      default:
        fail('a label, has(), all(), global(), ! or (');
        throw new Error('unreachable');
    }
    return negated ? { op: 'not', operand: node } : node;
  };

  const root = orExpr();
  if (peek().kind !== 'eof') fail('&&, || or the end of the selector');
  return root;
}

/** Whether `labels` satisfy the selector (ast.go's Evaluate). */
export function calicoSelectorMatches(sel: CalicoSelector, labels: Labels): boolean {
  switch (sel.op) {
    case 'all':
    case 'global':
      return true;
    case 'has':
      return Object.prototype.hasOwnProperty.call(labels, sel.key);
    case '==':
      return has(labels, sel.key) && labels[sel.key] === sel.value;
    case '!=':
      return !has(labels, sel.key) || labels[sel.key] !== sel.value;
    case 'contains':
      return has(labels, sel.key) && labels[sel.key]!.includes(sel.value);
    case 'starts with':
      return has(labels, sel.key) && labels[sel.key]!.startsWith(sel.value);
    case 'ends with':
      return has(labels, sel.key) && labels[sel.key]!.endsWith(sel.value);
    case 'in':
      return has(labels, sel.key) && sel.values.includes(labels[sel.key]!);
    case 'not in':
      return !has(labels, sel.key) || !sel.values.includes(labels[sel.key]!);
    case 'not':
      return !calicoSelectorMatches(sel.operand, labels);
    case 'and':
      return sel.operands.every((o) => calicoSelectorMatches(o, labels));
    case 'or':
      return sel.operands.some((o) => calicoSelectorMatches(o, labels));
  }
}

const has = (labels: Labels, key: string) => Object.prototype.hasOwnProperty.call(labels, key);

/** Every label key the selector reads (for equivalence classes that must tell endpoints apart). */
export function calicoSelectorKeys(sel: CalicoSelector, out: Set<string> = new Set()): Set<string> {
  switch (sel.op) {
    case 'all':
    case 'global':
      break;
    case 'not':
      calicoSelectorKeys(sel.operand, out);
      break;
    case 'and':
    case 'or':
      for (const o of sel.operands) calicoSelectorKeys(o, out);
      break;
    default:
      out.add(sel.key);
  }
  return out;
}

/**
 * The selector with every label key prefixed (Calico's PrefixVisitor): a
 * namespaceSelector reads namespace labels as `pcns.KEY` on the endpoint, a
 * serviceAccounts selector reads `pcsa.KEY`. `all()` in a namespaceSelector becomes
 * "has a namespace" and `global()` "has none", as rules.go rewrites them.
 */
export function prefixCalicoSelector(
  sel: CalicoSelector,
  prefix: string,
  namespaced = false,
): CalicoSelector {
  const NS = 'projectcalico.org/namespace';
  switch (sel.op) {
    case 'all':
      return namespaced ? { op: 'has', key: NS } : sel;
    case 'global':
      return namespaced ? { op: 'not', operand: { op: 'has', key: NS } } : sel;
    case 'not':
      return { op: 'not', operand: prefixCalicoSelector(sel.operand, prefix, namespaced) };
    case 'and':
    case 'or':
      return { op: sel.op, operands: sel.operands.map((o) => prefixCalicoSelector(o, prefix, namespaced)) };
    default:
      return { ...sel, key: prefix + sel.key };
  }
}

/** Canonical text of a selector (for explanations). */
export function formatCalicoSelector(sel: CalicoSelector): string {
  const q = (s: string) => (s.includes('"') ? `'${s}'` : `"${s}"`);
  switch (sel.op) {
    case 'all':
      return 'all()';
    case 'global':
      return 'global()';
    case 'has':
      return `has(${sel.key})`;
    case 'in':
    case 'not in':
      return `${sel.key} ${sel.op} {${sel.values.map(q).join(', ')}}`;
    case 'not':
      return sel.operand.op === 'has'
        ? `!${formatCalicoSelector(sel.operand)}`
        : `!(${formatCalicoSelector(sel.operand)})`;
    case 'and':
    case 'or':
      return sel.operands
        .map((o) =>
          o.op === 'and' || o.op === 'or' ? `(${formatCalicoSelector(o)})` : formatCalicoSelector(o),
        )
        .join(sel.op === 'and' ? ' && ' : ' || ');
    default:
      return `${sel.key} ${sel.op} ${q(sel.value)}`;
  }
}
