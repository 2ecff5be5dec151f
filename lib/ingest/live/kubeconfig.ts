// Loads a kubeconfig the way kubectl does: an explicit file; else KUBECONFIG (several
// files joined with ':' are merged); else ~/.kube/config; else the in-cluster service
// account. `context` picks a context other than the current one.

import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { LiveConfigError } from './errors';

export interface KubeConfigOptions {
  /** A kubeconfig file; overrides KUBECONFIG and ~/.kube/config. */
  readonly kubeconfig?: string;
  /** A context name from the kubeconfig; default: its current-context. */
  readonly context?: string;
  /** An already loaded config (tests, embedding); `kubeconfig` is then ignored. */
  readonly kubeConfig?: KubeConfig;
}

export interface LoadedKubeConfig {
  readonly kc: KubeConfig;
  readonly context: string;
  readonly server: string;
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** True when some kubeconfig source exists: a file given, KUBECONFIG, ~/.kube/config, or in-cluster. */
export function kubeConfigAvailable(env: NodeJS.ProcessEnv = process.env, file?: string): boolean {
  if (file) return true;
  if (env.KUBECONFIG) return true;
  if (env.KUBERNETES_SERVICE_HOST && existsSync(/*turbopackIgnore: true*/ SERVICE_ACCOUNT_TOKEN)) return true;
  return existsSync(/*turbopackIgnore: true*/ join(homedir(), '.kube', 'config'));
}

export function loadKubeConfig(options: KubeConfigOptions = {}): LoadedKubeConfig {
  let kc = options.kubeConfig;
  if (!kc) {
    kc = new KubeConfig();
    if (options.kubeconfig) {
      if (!existsSync(/*turbopackIgnore: true*/ options.kubeconfig))
        throw new LiveConfigError(`kubeconfig ${options.kubeconfig} does not exist`, options.kubeconfig);
      try {
        kc.loadFromFile(options.kubeconfig);
      } catch (error) {
        throw new LiveConfigError(
          `cannot read kubeconfig ${options.kubeconfig}: ${(error as Error).message}`,
          options.kubeconfig,
        );
      }
    } else {
      if (!kubeConfigAvailable()) {
        throw new LiveConfigError(
          'no kubeconfig found: set KUBECONFIG or pass --kubeconfig, create ~/.kube/config, or run inside a cluster',
        );
      }
      try {
        kc.loadFromDefault();
      } catch (error) {
        const file = process.env.KUBECONFIG ?? join(homedir(), '.kube', 'config');
        throw new LiveConfigError(`cannot read kubeconfig ${file}: ${(error as Error).message}`, file);
      }
    }
  }
  if (options.context) {
    if (!kc.getContextObject(options.context)) {
      const known =
        kc
          .getContexts()
          .map((c) => c.name)
          .join(', ') || 'none';
      throw new LiveConfigError(`context "${options.context}" is not in the kubeconfig (contexts: ${known})`);
    }
    kc.setCurrentContext(options.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server) {
    throw new LiveConfigError(
      `the kubeconfig's current context "${kc.getCurrentContext() || '(none)'}" names no cluster with a server`,
    );
  }
  return { kc, context: kc.getCurrentContext(), server: cluster.server };
}
