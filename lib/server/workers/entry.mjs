// The entry file of the server's worker threads (lib/server/workers/pool.ts). A plain
// ES module, so it loads the same way under `next start`, the standalone server, the CLI
// and the tests: it registers tsx (a runtime dependency, as for bin/packetpath.js) and
// hands every task to the TypeScript task module, which Next never bundles.
import { register } from 'tsx/esm/api';

register();
const tasks = await import('./tasks.ts');

export const ingest = tasks.ingest;
export const reach = tasks.reach;
export const trace = tasks.trace;
export const ping = tasks.ping;
