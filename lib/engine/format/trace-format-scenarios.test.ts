// The txt and md formatters on real scenario traces: 80 columns in a terminal (commands
// excepted, they must paste), unreached hops marked, the request shown, fixes readable.

import { describe, expect, it } from 'vitest';
import { loadModel } from '../../ingest';
import { getScenario, scenarioSnapshot } from '../../scenarios';
import { traceRoute } from '../trace/trace-route';
import type { TraceQuery } from '../types';
import { formatTrace } from './trace';

function run(slug: string, query: Partial<TraceQuery> = {}, index = 0) {
  const s = getScenario(slug)!;
  return traceRoute(loadModel(scenarioSnapshot(s)), { ...s.queries[index]!, ...query });
}

const COMMAND = /^\s+(\$ |kubectl |apiVersion|- \{)/;

describe.each([
  ['client-ip-lost-etp-cluster', {}],
  ['vxlan-mtu-blackhole', {}],
  ['gateway-canary', { headers: { 'X-Canary': 'true' }, method: 'GET' }],
] as const)('%s', (slug, query) => {
  const result = run(slug, query);

  it('txt fits 80 columns except verbatim commands', () => {
    const wide = formatTrace(result, 'txt')
      .split('\n')
      .filter((l) => [...l].length > 80 && !COMMAND.test(l));
    expect(wide).toEqual([]);
  });

  it('md renders every hop and keeps fix prose out of code blocks', () => {
    const md = formatTrace(result, 'md');
    for (const h of result.hops) expect(md).toContain(`| ${h.id} |`);
    for (const f of result.findings) expect(md).toContain(f.fix.split('\n')[0]!);
    expect(md).not.toMatch(/```\n[A-Z][a-z]+ [^\n]*[.:]\n/);
  });
});

describe('formatter details', () => {
  it('hops after a drop read "not reached" in txt and md', () => {
    const r = run('vxlan-mtu-blackhole');
    expect(r.verdict).toBe('dropped');
    const txt = formatTrace(r, 'txt');
    expect(txt).toMatch(/HOPS \(\d+, \d+ after the drop not reached\)/);
    expect(txt).toMatch(/^h\d+ +· underlay .*\(not reached\)$/m);
    expect(formatTrace(r, 'md')).toMatch(/\| h\d+ \| · not reached \(pass\) \| underlay \|/);
  });

  it('the request (method, headers) is shown, and the service hop lists data-plane checks', () => {
    const r = run('gateway-canary', { headers: { 'X-Canary': 'true' }, method: 'POST' });
    expect(formatTrace(r, 'txt')).toContain('\nrequest POST with X-Canary: true\n');
    const md = formatTrace(r, 'md');
    expect(md).toContain('· POST · headers `X-Canary: true`');
    expect(md).toMatch(
      /\*\*Data-plane checks\*\*\n\n```sh\n# h\d+ service on worker-(\d)\nkubectl debug node\/worker-\1 -it --profile=sysadmin --image=nicolaka\/netshoot -- iptables -t nat -L KUBE-EXT-[A-Z2-7]{16} -n -v/,
    );
  });
});
