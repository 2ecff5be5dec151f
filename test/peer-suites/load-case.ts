// Loads a peer-suite case through the real ingest path (files → Snapshot → model),
// exactly as the CLI does.

import { loadModel, readInputs } from '../../lib/ingest';
import type { ClusterModel } from '../../lib/model/types';

export async function loadCase(paths: string[]): Promise<ClusterModel> {
  const { snapshot } = await readInputs(paths);
  return loadModel(snapshot);
}
