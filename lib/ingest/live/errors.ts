// Errors of the live source. Each carries the data a person needs to act on it.

/** The kubeconfig could not be loaded, or names no usable cluster / context. */
export class LiveConfigError extends Error {
  override name = 'LiveConfigError';
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message);
  }
}

/**
 * A request to the API server failed. `status` is the HTTP status (undefined when no
 * answer came back: connection refused, reset, timeout); `code` is the socket error code.
 */
export class KubeApiError extends Error {
  override name = 'KubeApiError';
  constructor(
    message: string,
    readonly path: string,
    readonly status?: number,
    readonly reason?: string,
    readonly code?: string,
    /** The server's Retry-After on a 429 or 5xx answer, in milliseconds. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  /** No answer, or an answer saying the server cannot serve now: the cluster is unreachable. */
  get unreachable(): boolean {
    return this.status === undefined || this.status >= 500 || this.status === 429;
  }
}

/** The API server could not be reached at all during a one-shot capture. */
export class LiveUnreachableError extends Error {
  override name = 'LiveUnreachableError';
  constructor(
    message: string,
    readonly server: string,
  ) {
    super(message);
  }
}
