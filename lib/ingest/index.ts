// Public API of ingest: files / text → Snapshot → ClusterModel.

export { readInputs, DEFAULT_MAX_FILE_BYTES, type ReadInputsOptions } from './read-files';
export { parseText, DEFAULT_PARSE_LIMITS, type ParseResult, type ParseLimits } from './parse';
export { originOf } from './origins';
export { snapshotFromObjects, type SnapshotFromObjectsOptions } from './build-snapshot';
export { loadModel } from './load-model';
export { serializeSnapshot, SNAPSHOT_API_VERSION, SNAPSHOT_KIND } from './snapshot-file';
export {
  IngestError,
  IngestErrors,
  formatIngestError,
  type IngestErrorCode,
  type IngestErrorData,
} from './errors';
export { validateObject, validateObjects, KNOWN_KINDS } from './validate';
export { WORKLOAD_KINDS } from './normalize/workloads';
export {
  applyChanges,
  parseDeleteRef,
  changeLabel,
  apiGroup,
  kubectlScript,
  NO_CHANGES,
  type Changes,
  type DeleteRef,
  type WhatIfResult,
} from './whatif';
