// POST /api/whatif and what-if share links (shared/contracts/http.md, second edition),
// calling the route handlers directly on the built-in default-deny-breaks-dns scenario.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowDns } from 'lib/scenarios/build/policy';

const dataDir = mkdtempSync(join(tmpdir(), 'packetpath-whatif-'));
process.env.PACKETPATH_DATA_DIR = dataDir;
delete process.env.DATABASE_URL;

type Post = { POST: (r: Request) => Promise<Response> };
let whatif: Post;
let shares: Post;
let share: { GET: (r: Request, c: { params: Promise<{ id: string }> }) => Promise<Response> };

const source = 'scenario:default-deny-breaks-dns';
const query = { from: '', to: '', port: 53, protocol: 'UDP' };

beforeAll(async () => {
  whatif = await import('./route');
  shares = await import('../shares/route');
  share = await import('../shares/[id]/route');
  const { getScenario } = await import('lib/scenarios');
  const q = getScenario('default-deny-breaks-dns')!.queries[0]!;
  Object.assign(query, { from: q.from, to: q.to });
});

afterAll(async () => {
  const { closeStore } = await import('lib/store');
  await closeStore();
  rmSync(dataDir, { recursive: true, force: true });
});

const post = (route: Post, body: unknown) =>
  route.POST(
    new Request('http://test/api', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );

describe('POST /api/whatif', () => {
  it('traces before and after, and lists the reach pairs and lint findings the change touches', async () => {
    const res = await post(whatif, { source, changes: { apply: [allowDns('shop')] }, query });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.trace.before.verdict).toBe('dropped');
    expect(body.trace.after.verdict).toBe('delivered');
    expect(body.reach.removed).toEqual([]);
    const opened = [...body.reach.added, ...body.reach.changed];
    expect(opened.length).toBeGreaterThan(0);
    for (const p of opened) expect(p.to).toMatch(/^kube-system\/coredns/);
    expect(body.lint.resolved.map((f: { code: string }) => f.code)).toContain('DNS_BLOCKED_BY_DEFAULT_DENY');
    expect(body.lint.introduced).toEqual([]);
    expect(body.whatIf).toEqual({ applied: ['NetworkPolicy shop/allow-dns'], removed: [] });
    // A new object: a diff from /dev/null, and a script that applies it.
    expect(body.diff).toContain('--- /dev/null');
    expect(body.diff).toContain('+++ NetworkPolicy shop/allow-dns');
    expect(body.diff).toContain('+  name: allow-dns');
    expect(body.script.startsWith("kubectl apply -f - <<'EOF'\n")).toBe(true);
  });

  it('without a query, answers the diffs only', async () => {
    const res = await post(whatif, {
      source,
      changes: { delete: [{ kind: 'NetworkPolicy', namespace: 'shop', name: 'default-deny-all' }] },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.trace).toBeUndefined();
    expect(body.reach.added.length + body.reach.changed.length).toBeGreaterThan(0);
    expect(body.diff).toContain('+++ /dev/null');
    expect(body.diff).toContain('-  name: default-deny-all');
    expect(body.script).toBe('kubectl delete networkpolicy default-deny-all -n shop\n');
  });

  it('names the invalid change: a bad shape, a bad field, an object not in the source, no change at all', async () => {
    const shape = await post(whatif, {
      source,
      changes: { apply: [{ apiVersion: 'v1', kind: '9', metadata: { name: 'x' } }] },
    });
    expect(shape.status).toBe(400);
    expect((await shape.json()).field).toBe('changes.apply[0].kind');

    const field = await post(whatif, {
      source,
      changes: { apply: [{ ...allowDns('shop'), spec: { podSelector: { matchLabels: ['a'] } } }] },
    });
    expect(field.status).toBe(400);
    expect((await field.json()).field).toBe('changes.apply[0].spec.podSelector.matchLabels');

    const missing = await post(whatif, {
      source,
      changes: { delete: [{ kind: 'NetworkPolicy', namespace: 'shop', name: 'nope' }] },
    });
    expect(missing.status).toBe(400);
    expect((await missing.json()).detail).toContain(
      'changes.delete[0]: NetworkPolicy shop/nope is not in the snapshot',
    );

    const none = await post(whatif, { source, changes: {} });
    expect(none.status).toBe(400);
    expect((await none.json()).detail).toContain('at least one object to apply or delete');

    const unknown = await post(whatif, { source: 'scenario:nope', changes: { apply: [allowDns('shop')] } });
    expect(unknown.status).toBe(404);
  });
});

describe('what-if share links', () => {
  it('freeze the state with the changes laid over it, and say so', async () => {
    const res = await post(shares, { source, query, changes: { apply: [allowDns('shop')] } });
    expect(res.status).toBe(201);
    const { id } = await res.json();
    const read = await share.GET(new Request(`http://test/api/shares/${id}`), {
      params: Promise.resolve({ id }),
    });
    const body = await read.json();
    expect(body.trace.verdict).toBe('delivered');
    expect(body.source.whatIf).toEqual({ applied: ['NetworkPolicy shop/allow-dns'], removed: [] });

    const plain = await post(shares, { source, query });
    const { id: plainId } = await plain.json();
    const plainBody = await (
      await share.GET(new Request(`http://test/api/shares/${plainId}`), {
        params: Promise.resolve({ id: plainId }),
      })
    ).json();
    expect(plainBody.trace.verdict).toBe('dropped');
    expect(plainBody.source.whatIf).toBeUndefined();
  });
});
