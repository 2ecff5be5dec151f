// Plain JSON GETs against the API server with the kubeconfig's transport settings
// (CA, client certificate, bearer token, exec / OIDC plugins, proxy) applied by
// @kubernetes/client-node. Lists go through here; watches use the library's Watch.

import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeApiError } from './errors';

const REQUEST_TIMEOUT_MS = 60_000;

export interface JsonGet {
  readonly status: number;
  readonly body: unknown;
}

function statusMessage(body: unknown): { message?: string; reason?: string } {
  if (body && typeof body === 'object') {
    const b = body as { message?: unknown; reason?: unknown };
    return {
      message: typeof b.message === 'string' ? b.message : undefined,
      reason: typeof b.reason === 'string' ? b.reason : undefined,
    };
  }
  return {};
}

/** Longest Retry-After honoured, so a wrong header cannot stall the source for hours. */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

/**
 * Retry-After in integer seconds on a 429 or any 5xx answer, as client-go reads it
 * (k8s.io/client-go/rest/with_retry.go checkWait / retryAfterSeconds: "any 500 error code
 * and 429 can trigger a wait"); undefined otherwise.
 */
export function retryAfterMs(status: number, header: string | string[] | undefined): number | undefined {
  if (status !== 429 && status < 500) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Math.min(Number(value.trim()) * 1000, MAX_RETRY_AFTER_MS);
}

/** GET `path` with `query`; resolves with the parsed body on 200, rejects with KubeApiError otherwise. */
export async function getJson(
  kc: KubeConfig,
  path: string,
  query: Readonly<Record<string, string | number | undefined>>,
  signal?: AbortSignal,
): Promise<unknown> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new KubeApiError('the kubeconfig names no current cluster', path);
  const url = new URL(cluster.server.replace(/\/+$/, '') + path);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  const options: https.RequestOptions = { method: 'GET' };
  await kc.applyToHTTPSOptions(options);
  options.headers = { ...(options.headers ?? {}), Accept: 'application/json' };
  const transport = url.protocol === 'http:' ? http : https;
  const where = `${path}${url.search}`;

  return new Promise<unknown>((resolve, reject) => {
    const req = transport.request(url, { ...options, signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) =>
        reject(new KubeApiError(e.message, where, undefined, undefined, (e as NodeJS.ErrnoException).code)),
      );
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        const status = res.statusCode ?? 0;
        if (status === 200 && body !== undefined) return resolve(body);
        const { message, reason } = statusMessage(body);
        const text200 = status === 200 ? 'the API server sent a body that is not JSON' : undefined;
        reject(
          new KubeApiError(
            text200 ?? message ?? `HTTP ${status} ${http.STATUS_CODES[status] ?? ''}`.trim(),
            where,
            status === 200 ? 502 : status,
            reason,
            undefined,
            retryAfterMs(status, res.headers['retry-after']),
          ),
        );
      });
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () =>
      req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })),
    );
    req.on('error', (e: NodeJS.ErrnoException) =>
      reject(new KubeApiError(e.message, where, undefined, undefined, e.code)),
    );
    req.end();
  });
}
