// `npm run bench`: every benchmark in one run, each comparing the engine with a
// straightforward baseline on the same seeded input (bench/generate.ts), after checking
// that both compute the same answers. Prints medians and the ratio baseline / ours.
// Fixed warm-up and repetition counts (harness.ts). Not a test: timings vary.

import { WARMUP, REPEAT, formatRow, header } from './harness';
import type { Row } from './harness';
import { benchPolicy } from './policy';
import { benchTrace } from './trace';
import { benchWhatIf } from './whatif';

const log = (line: string) => process.stdout.write(`${line}\n`);
log(`packetpath bench: seeded synthetic clusters; ${WARMUP} warm-up + ${REPEAT} timed runs per side, median; node ${process.version}`);
const rows: Row[] = [...benchPolicy(log), ...benchTrace(log), ...benchWhatIf(log)];
process.stdout.write(`\n${header()}${rows.map(formatRow).join('')}`);
