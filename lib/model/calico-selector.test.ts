// The Calico selector language. Cases follow projectcalico/calico
// libcalico-go/lib/selector/parser/parser_test.go and the selector reference at
// docs.tigera.io/calico/latest/reference/resources/networkpolicy#selectors
// (tokenizer/tokenizer.go for the lexical rules, parser/ast.go for evaluation).
import { describe, expect, it } from 'vitest';
import {
  CalicoSelectorError,
  calicoSelectorKeys,
  calicoSelectorMatches,
  formatCalicoSelector,
  parseCalicoSelector,
  prefixCalicoSelector,
} from './calico-selector';

const matches = (sel: string, labels: Record<string, string>) =>
  calicoSelectorMatches(parseCalicoSelector(sel), labels);

describe('Calico selector operators', () => {
  const l = { app: 'web', tier: 'frontend', 'k8s-app': 'kube-dns', 'example.com/owner': 'team-a' };
  it('all() and the empty selector match everything; global() matches as a selector', () => {
    expect(matches('all()', {})).toBe(true);
    expect(matches('', {})).toBe(true);
    expect(matches('  ', l)).toBe(true);
    expect(matches('global()', l)).toBe(true);
  });
  it('has() and !has()', () => {
    expect(matches('has(app)', l)).toBe(true);
    expect(matches('has( example.com/owner )', l)).toBe(true);
    expect(matches('!has(app)', l)).toBe(false);
    expect(matches('!has(db)', l)).toBe(true);
  });
  it('== needs the label; != matches when the label is absent', () => {
    expect(matches('app == "web"', l)).toBe(true);
    expect(matches("app == 'db'", l)).toBe(false);
    expect(matches('db == "x"', l)).toBe(false);
    expect(matches('app != "db"', l)).toBe(true);
    expect(matches('app != "web"', l)).toBe(false);
    expect(matches('db != "x"', l)).toBe(true);
  });
  it('in {} and not in {} (not in matches an absent label)', () => {
    expect(matches('app in {"db", "web"}', l)).toBe(true);
    expect(matches("tier in {'backend'}", l)).toBe(false);
    expect(matches('missing in {"a"}', l)).toBe(false);
    expect(matches('app in {}', l)).toBe(false);
    expect(matches('app not in {"db"}', l)).toBe(true);
    expect(matches('app not in {"web"}', l)).toBe(false);
    expect(matches('missing not in {"a"}', l)).toBe(true);
    expect(matches('app not  in {}', l)).toBe(true);
  });
  it('contains, starts with, ends with need the label', () => {
    expect(matches('k8s-app contains "dns"', l)).toBe(true);
    expect(matches('k8s-app starts with "kube-"', l)).toBe(true);
    expect(matches('k8s-app ends with "-dns"', l)).toBe(true);
    expect(matches('k8s-app ends with "kube"', l)).toBe(false);
    expect(matches('missing contains ""', l)).toBe(false);
  });
  it('&&, ||, ! and parentheses: && binds tighter than ||; ! negates the next operation', () => {
    expect(matches('app == "db" || app == "web" && tier == "frontend"', l)).toBe(true);
    expect(matches('(app == "db" || app == "web") && tier == "backend"', l)).toBe(false);
    expect(matches('!(app == "db" || tier == "backend")', l)).toBe(true);
    expect(matches('!!has(app)', l)).toBe(true);
    expect(matches('has(app)&&has(tier)', l)).toBe(true);
  });
  it('operator words are recognised only at a word boundary after a label', () => {
    // "in" here is the start of the label "inside"? No: after a label only an operator may follow.
    expect(() => parseCalicoSelector('app inside {"a"}')).toThrow(CalicoSelectorError);
    expect(matches('in == "x"', { in: 'x' })).toBe(true);
  });
});

describe('Calico selector errors name the position and what was expected', () => {
  const err = (s: string) => {
    try {
      parseCalicoSelector(s);
    } catch (e) {
      return e as CalicoSelectorError;
    }
    throw new Error('parsed');
  };
  it.each([
    ['app = "web"', 4, '=='],
    ['app == web', 7, 'a quoted string after =='],
    ['app == "web', 11, 'a closing "'],
    ['app in ("a")', 7, '{ to start the set'],
    ['app in {"a" "b"}', 12, 'a quoted string or } to close the set'],
    ['(has(a)', 7, ') to close the ('],
    ['has(a) has(b)', 7, '&&, || or the end of the selector'],
    ['app', 3, 'an operator'],
    ['has(a) &', 7, '&&'],
    ['has(a) && ', 10, 'a label, has(), all(), global(), ! or ('],
    ['has()', 4, 'a label name'],
  ])('%s', (text, position, expected) => {
    const e = err(text);
    expect(e.position).toBe(position);
    expect(e.expected).toContain(expected);
    expect(e.message).toContain(`at position ${position}`);
  });
});

describe('selector rewriting as Calico compiles rules', () => {
  it('prefixes namespace labels and rewrites all() / global() in a namespaceSelector (rules.go)', () => {
    const ns = prefixCalicoSelector(parseCalicoSelector('team == "shop" || all()'), 'pcns.', true);
    expect(formatCalicoSelector(ns)).toBe('pcns.team == "shop" || has(projectcalico.org/namespace)');
    const global = prefixCalicoSelector(parseCalicoSelector('global()'), 'pcns.', true);
    expect(calicoSelectorMatches(global, { 'projectcalico.org/namespace': 'a' })).toBe(false);
    expect(calicoSelectorMatches(global, {})).toBe(true);
  });
  it('lists every label key read', () => {
    expect(
      [...calicoSelectorKeys(parseCalicoSelector('a == "1" && !(has(b) || c in {"x"})'))].sort(),
    ).toEqual(['a', 'b', 'c']);
  });
});
