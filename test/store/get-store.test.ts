import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeStore, getStore, storeConfig } from '../../lib/store';

const dir = mkdtempSync(join(tmpdir(), 'pp-getstore-'));
afterAll(async () => {
  await closeStore();
  rmSync(dir, { recursive: true, force: true });
});

describe('storeConfig', () => {
  it('picks PostgreSQL for a postgres:// DATABASE_URL and SQLite under the data directory otherwise', () => {
    expect(storeConfig({ DATABASE_URL: 'postgres://u@db:5432/pp' })).toEqual({
      kind: 'postgres',
      connectionString: 'postgres://u@db:5432/pp',
    });
    expect(storeConfig({ DATABASE_URL: 'postgresql://u@db/pp' }).kind).toBe('postgres');
    expect(storeConfig({ PACKETPATH_DATA_DIR: '/srv/pp' })).toEqual({
      kind: 'sqlite',
      file: '/srv/pp/packetpath.db',
    });
    expect(storeConfig({})).toEqual({ kind: 'sqlite', file: resolve('data', 'packetpath.db') });
    expect(storeConfig({ DATABASE_URL: 'mysql://x' }).kind).toBe('sqlite');
  });
});

describe('getStore', () => {
  it('opens one store per process, creating the data directory on first start', async () => {
    const dataDir = join(dir, 'fresh', 'data');
    const saved = { data: process.env.PACKETPATH_DATA_DIR, url: process.env.DATABASE_URL };
    process.env.PACKETPATH_DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
    try {
      const [a, b] = await Promise.all([getStore(), getStore()]);
      expect(a).toBe(b);
      expect(a.kind).toBe('sqlite');
      expect(await a.ping()).toBe(true);
      expect(existsSync(join(dataDir, 'packetpath.db'))).toBe(true);
    } finally {
      if (saved.data === undefined) delete process.env.PACKETPATH_DATA_DIR;
      else process.env.PACKETPATH_DATA_DIR = saved.data;
      if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
    }
  });
});
