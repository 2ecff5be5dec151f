// The trace API's answer, computed where the source's model lives. A stored source (an
// upload, a saved snapshot, a share) is built in a worker thread when it is uploaded or
// first asked for, and kept in that thread's model cache: its traces are answered there
// and only the JSON text crosses back, so the main thread never receives (structured-
// clones) a model of tens of thousands of objects, one synchronous step of seconds at
// 50k pods. A source whose model the main thread already holds (built-in scenarios, the
// live cluster, a stored source a page has opened) is traced here, as is every source
// when worker threads are off (PACKETPATH_WORKERS=0).

import type { TraceQuery } from '../model/trace-query';
import { splitSourceId as parseSourceId } from '../model/source-id';
import { getSource, defaultSourceId } from './index';
import { heldHere } from './sources';
import { runTask, workersEnabled } from './workers/pool';
import { outcomeOf } from './workers/outcome';
import { traceText, type TraceTask } from './trace-text';

/** Source kinds whose content lives in the store and is modelled in the worker threads. */
const STORED = new Set(['upload', 'snapshot', 'share']);

export async function answerTrace(task: {
  readonly source?: string;
  readonly query: TraceQuery;
  readonly replica?: string;
}): Promise<string> {
  const source = task.source ?? defaultSourceId();
  const here = async () => {
    const { model } = await getSource(source);
    return traceText(model, task.query, task.replica);
  };
  const kind = parseSourceId(source)?.prefix;
  if (!kind || !STORED.has(kind) || heldHere(source) || !workersEnabled()) return here();
  const input: TraceTask = { source, query: task.query, ...(task.replica ? { replica: task.replica } : {}) };
  return runTask<string>('trace', input, () => outcomeOf(here));
}
