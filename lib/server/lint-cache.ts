// Lint of a model, remembered per model and ipBlock mode. Models of a source are cached and
// never change (a new state is a new model), and the trace page shows the source's lint
// count on every trace, the lint page and route list it, and what-if and snapshot diffs
// compare it: without this each of those walks every object again.

import { lintModel } from '../engine';
import type { LintOptions } from '../engine/lint';
import type { LintResult } from '../engine/types';
import type { ClusterModel } from '../model/types';

const results = new WeakMap<ClusterModel, Map<string, LintResult>>();

export function lintOf(model: ClusterModel, options: LintOptions = {}): LintResult {
  const key = options.ipblockPods ?? '';
  let byMode = results.get(model);
  if (!byMode) results.set(model, (byMode = new Map()));
  let result = byMode.get(key);
  if (!result) byMode.set(key, (result = lintModel(model, options)));
  return result;
}
