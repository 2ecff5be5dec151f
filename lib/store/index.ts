// Public entry of the store: `getStore()` returns the process-wide store.
//
// Next can evaluate a module once per route bundle, so a module-level variable would
// open one database per route. The singleton lives on globalThis under a registered
// symbol instead, shared by every module instance in the process.

import type { Store } from './types';
import { openStore, storeConfig } from './open';
import { log } from '../ops/log';

export type { Store, ShareRecord, SnapshotSummary } from './types';
export { createSqliteStore, createPostgresStore, storeConfig, dataDir, openStore } from './open';
export type { StoreConfig } from './open';
export { StoreError } from './errors';
export { isShareId } from './share-id';
export { isContentAddress, contentAddress, canonicalJson } from './canonical';
export { prepareSnapshot, type PreparedSnapshot } from './prepare';

const KEY = Symbol.for('packetpath.store');
type Holder = { [KEY]?: Promise<Store> };

/** The process-wide store (opened and migrated on first call; a failed open is retried next call). */
export function getStore(): Promise<Store> {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    holder[KEY] = openStore(storeConfig()).catch((err: unknown) => {
      log.error({ err }, 'store error: the store did not open');
      delete holder[KEY];
      throw err;
    });
  }
  return holder[KEY];
}

/** Closes the process-wide store (tests, graceful shutdown). */
export async function closeStore(): Promise<void> {
  const holder = globalThis as Holder;
  const pending = holder[KEY];
  delete holder[KEY];
  if (pending) await (await pending).close();
}
