// Child process of the crash-durability test: creates shares as fast as it can and
// reports each id on stdout (synchronously) right after createShare resolved. The parent
// kills it with SIGKILL mid-stream, then checks that every reported share is stored.

import { writeSync } from 'node:fs';
import { openStore, type StoreConfig } from '../../lib/store/open';

const config: StoreConfig =
  process.env.PP_STORE_KIND === 'postgres'
    ? { kind: 'postgres', connectionString: process.env.PP_STORE_URL ?? '' }
    : { kind: 'sqlite', file: process.env.PP_STORE_FILE ?? '' };
const snapshotId = process.env.PP_SNAPSHOT_ID ?? '';
/** Share creations in flight at once (PP_CONCURRENCY, default 8). */
const concurrency = Number(process.env.PP_CONCURRENCY ?? 8);

const store = await openStore(config);
writeSync(1, 'READY\n');
for (let round = 0; ; round++) {
  await Promise.all(
    Array.from({ length: concurrency }, async (_, i) => {
      const share = await store.createShare({
        snapshotId,
        sourceId: 'upload:crash',
        query: { from: `shop/web-${round}-${i}`, to: 'shop/db', port: 5432 },
        view: { hop: String(i) },
      });
      writeSync(1, `ACK ${share.id}\n`);
    }),
  );
}
