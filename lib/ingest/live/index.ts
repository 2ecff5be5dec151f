// Public API of the live cluster source.
export {
  startLiveSource,
  type LiveSource,
  type LiveSourceOptions,
  type LiveStatus,
  type LiveState,
} from './live-source';
export {
  captureSnapshot,
  captureSnapshotWithReport,
  type CaptureOptions,
  type CaptureReport,
} from './capture';
export { loadKubeConfig, kubeConfigAvailable, type KubeConfigOptions } from './kubeconfig';
export { WATCHED_KINDS, SETTINGS_CONFIGMAPS, rbacResource, rbacHint, type WatchedKind } from './kinds';
export type { KindState, KindStatus } from './reflector';
export { KubeApiError, LiveConfigError, LiveUnreachableError } from './errors';
export {
  ensureLiveSource,
  liveStatus,
  liveReadiness,
  liveSnapshot,
  liveSettingsFromEnv,
  resetLiveSourceForTest,
  type LiveDashboardStatus,
  type LiveSettings,
} from './runtime';
