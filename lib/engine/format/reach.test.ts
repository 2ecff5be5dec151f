import { describe, expect, it } from 'vitest';
import { formatReach } from './reach';

const result = {
  pairs: [
    { from: '0.0.0.0-255.255.255.255[External]', to: 'default/frontend[Deployment]', conn: 'TCP 8080' },
    { from: 'default/frontend[Deployment]', to: 'default/backend[Deployment]', conn: 'TCP 9090' },
  ],
};

describe('formatReach', () => {
  it('txt: one FROM => TO : CONN line per pair', () => {
    expect(formatReach(result, 'txt')).toBe(
      '0.0.0.0-255.255.255.255[External] => default/frontend[Deployment] : TCP 8080\n' +
        'default/frontend[Deployment] => default/backend[Deployment] : TCP 9090\n',
    );
    expect(formatReach({ pairs: [] }, 'txt')).toBe('');
  });
  it('json: exactly one {"pairs": [...]} object', () => {
    const text = formatReach(result, 'json');
    expect(JSON.parse(text)).toEqual(result);
    expect(Object.keys(JSON.parse(text))).toEqual(['pairs']);
  });
  it('md: a table with escaped pipes', () => {
    const md = formatReach({ pairs: [{ from: 'a|b', to: 'c', conn: 'All Connections' }] }, 'md');
    expect(md).toBe(
      '| from | to | connections |\n|------|----|-------------|\n| a\\|b | c | All Connections |\n',
    );
  });
});
