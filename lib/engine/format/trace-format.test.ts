import { describe, expect, it } from 'vitest';
import { traceRoute } from '../trace/trace-route';
import { buildModel, twoNodeCluster } from '../trace/testing/model';
import { lintModel } from '../lint';
import { formatLint, formatTrace } from './trace';

const model = buildModel(twoNodeCluster({}, 1500));
const result = traceRoute(model, { from: 'pod:shop/web', to: 'svc:shop/db', port: 5432, size: 1500 });

describe('formatTrace', () => {
  it('json is exactly the result object', () => {
    expect(JSON.parse(formatTrace(result, 'json'))).toEqual(JSON.parse(JSON.stringify(result)));
  });

  it('txt fits 80 columns except verbatim commands, shows severity as symbol and word (golden)', async () => {
    const txt = formatTrace(result, 'txt');
    const wide = txt
      .split('\n')
      .filter((l) => [...l].length > 80 && !/^\s+(\$ |kubectl |apiVersion)/.test(l));
    expect(wide).toEqual([]);
    expect(txt).toContain('✖ error  MTU_BLACKHOLE');
    await expect(txt).toMatchFileSnapshot('./__golden__/trace-mtu.txt');
  });

  it('md has the verdict, a hop table and fenced fix/verify blocks (golden)', async () => {
    const md = formatTrace(result, 'md');
    expect(md).toMatch(/^## packetpath trace: ✖ DROPPED/);
    expect(md).toContain('| # | verdict | kind | hop | node | MTU | src → dst | findings |');
    expect(md).toContain('```sh\nkubectl exec -n shop web -- tracepath -n 10.244.2.7');
    expect(md).toContain('kubectl delete pod web -n shop');
    await expect(md).toMatchFileSnapshot('./__golden__/trace-mtu.md');
  });
});

describe('formatLint', () => {
  it('json wraps findings; txt and md list them (golden)', async () => {
    const lint = lintModel(model);
    expect(JSON.parse(formatLint(lint, 'json'))).toEqual({
      findings: JSON.parse(JSON.stringify(lint.findings)),
    });
    await expect(formatLint(lint, 'txt')).toMatchFileSnapshot('./__golden__/lint-mtu.txt');
    await expect(formatLint(lint, 'md')).toMatchFileSnapshot('./__golden__/lint-mtu.md');
  });
});

describe('Markdown escapes HTML from object names', () => {
  it('a label or finding text with <tags> stays text in prose and tables', () => {
    const hostile: typeof result = {
      ...result,
      summary: 'dropped at <img src=x onerror=alert(1)>',
      hops: result.hops.map((h, i) => (i === 0 ? { ...h, label: '<script>x</script> eth0' } : h)),
    };
    const md = formatTrace(hostile, 'md');
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<img');
    expect(md).toContain('&lt;script>x&lt;/script> eth0');
  });
});
