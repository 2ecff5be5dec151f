// One consistent list of a collection, fetched in pages (`limit` + `continue`) so a large
// cluster never arrives as one huge response. An expired continue token (410) restarts
// the list from the beginning, as client-go's pager does.

import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '../../model/types';
import { KubeApiError } from './errors';
import { getJson } from './http';
import { apiVersionOf, collectionPath, collectionQuery, type WatchedKind } from './kinds';

export interface ListResult {
  readonly items: KubeObject[];
  readonly resourceVersion: string;
  /** The API version the server served this kind at. */
  readonly version: string;
}

interface ListBody {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: unknown[];
}

const MAX_RESTARTS = 3;

/**
 * Makes a raw API object a KubeObject: list items carry no apiVersion/kind, and
 * managedFields / last-applied annotations are bulky noise the engine never reads.
 */
export function normalizeObject(raw: unknown, k: WatchedKind, version: string): KubeObject | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const obj = raw as Record<string, unknown>;
  const metadata =
    obj.metadata && typeof obj.metadata === 'object'
      ? { ...(obj.metadata as Record<string, unknown>) }
      : undefined;
  if (!metadata || typeof metadata.name !== 'string') return undefined;
  delete metadata.managedFields;
  if (metadata.annotations && typeof metadata.annotations === 'object') {
    const annotations = { ...(metadata.annotations as Record<string, string>) };
    delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
    metadata.annotations = annotations;
  }
  return { ...obj, apiVersion: apiVersionOf(k, version), kind: k.kind, metadata } as KubeObject;
}

async function listVersion(
  kc: KubeConfig,
  k: WatchedKind,
  version: string,
  pageSize: number,
  signal?: AbortSignal,
): Promise<ListResult> {
  const path = collectionPath(k, version);
  for (let restart = 0; ; restart++) {
    const items: KubeObject[] = [];
    let token: string | undefined;
    let resourceVersion = '';
    try {
      do {
        const body = (await getJson(
          kc,
          path,
          { ...collectionQuery(k), limit: pageSize, continue: token },
          signal,
        )) as ListBody;
        for (const raw of body.items ?? []) {
          const obj = normalizeObject(raw, k, version);
          if (obj) items.push(obj);
        }
        // Every page of one list carries the resourceVersion of the first: the list's consistent point.
        resourceVersion = body.metadata?.resourceVersion ?? resourceVersion;
        token = body.metadata?.continue || undefined;
      } while (token);
      return { items, resourceVersion, version };
    } catch (error) {
      const expired = error instanceof KubeApiError && error.status === 410 && token !== undefined;
      if (!expired || restart >= MAX_RESTARTS) throw error;
    }
  }
}

/**
 * Lists every object of `k`, trying its versions in order: a 404 on one version moves on
 * to the next, and a 404 on all of them is rethrown (the kind is not served).
 */
export async function listKind(
  kc: KubeConfig,
  k: WatchedKind,
  pageSize: number,
  signal?: AbortSignal,
  preferred?: string,
): Promise<ListResult> {
  const versions = preferred ? [preferred, ...k.versions.filter((v) => v !== preferred)] : k.versions;
  let lastError: unknown;
  for (const version of versions) {
    try {
      return await listVersion(kc, k, version, pageSize, signal);
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404) {
        lastError = error;
        continue;
      }
      throw error;
    }
  }
  throw lastError;
}
