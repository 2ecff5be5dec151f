import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  liveReadiness,
  liveSettingsFromEnv,
  liveSnapshot,
  liveStatus,
  resetLiveSourceForTest,
} from '../../lib/ingest/live/index';
import { FakeApiServer } from './fake-apiserver';
import { eventually, seedCluster } from './fixtures';

const saved = { ...process.env };
let api: FakeApiServer | undefined;
afterEach(async () => {
  await resetLiveSourceForTest();
  await api?.close();
  api = undefined;
  for (const k of ['PACKETPATH_LIVE', 'PACKETPATH_KUBECONFIG', 'PACKETPATH_KUBE_CONTEXT']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe('dashboard live runtime', () => {
  it('reads its switches from the environment', () => {
    expect(liveSettingsFromEnv({})).toEqual({ enabled: false, kubeconfig: undefined, context: undefined });
    expect(
      liveSettingsFromEnv({
        PACKETPATH_LIVE: '1',
        PACKETPATH_KUBECONFIG: '/k',
        PACKETPATH_KUBE_CONTEXT: 'prod',
      }),
    ).toEqual({ enabled: true, kubeconfig: '/k', context: 'prod' });
    expect(liveSettingsFromEnv({ PACKETPATH_LIVE: 'true' }).enabled).toBe(true);
    expect(liveSettingsFromEnv({ PACKETPATH_LIVE: '0' }).enabled).toBe(false);
  });

  it('is off, and ready, without PACKETPATH_LIVE', async () => {
    delete process.env.PACKETPATH_LIVE;
    expect(liveStatus()).toEqual({ enabled: false });
    expect(liveReadiness()).toEqual({ ok: true, detail: 'live source off' });
    expect(await liveSnapshot(0)).toBeUndefined();
  });

  it('reports a configuration error (not ready) for a missing kubeconfig', () => {
    process.env.PACKETPATH_LIVE = '1';
    process.env.PACKETPATH_KUBECONFIG = '/nonexistent/kubeconfig';
    expect(liveStatus()).toEqual({
      enabled: true,
      configError: 'kubeconfig /nonexistent/kubeconfig does not exist',
    });
    expect(liveReadiness().ok).toBe(false);
  });

  it('connects, becomes ready, serves snapshots, and reports stale (still ready) when the server goes away', async () => {
    api = new FakeApiServer();
    seedCluster(api);
    await api.listen();
    process.env.PACKETPATH_LIVE = '1';
    process.env.PACKETPATH_KUBECONFIG = api.writeKubeconfig(
      join(mkdtempSync(join(tmpdir(), 'pp-rt-')), 'config'),
      'rt',
    );
    const snap = await liveSnapshot(20_000);
    expect(snap?.meta).toMatchObject({ kind: 'live', context: 'rt' });
    const s = liveStatus();
    expect(s).toMatchObject({ enabled: true, context: 'rt', state: 'synced', stale: false });
    expect(liveReadiness()).toEqual({ ok: true, detail: 'synced' });
    await api.close();
    const stale = await eventually(
      'stale',
      () => {
        const st = liveStatus();
        // The first failure may be the cut watch; reconnecting then finds nobody listening.
        return st.enabled && st.configError === undefined && st.stale && /ECONNREFUSED/.test(st.error ?? '')
          ? st
          : undefined;
      },
      20_000,
    );
    expect(stale.error).toMatch(/^connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
    expect(liveReadiness()).toMatchObject({ ok: true, detail: expect.stringMatching(/^stale: /) });
  });
});
