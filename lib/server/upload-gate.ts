// Back-pressure for uploads. Parsing and building the model of a large dump takes seconds
// and several times the dump's size in memory, so a server takes on only a few at once:
// PACKETPATH_UPLOAD_CONCURRENCY at a time (default 1) with PACKETPATH_UPLOAD_QUEUE more
// waiting (default 2). Past that an upload is refused at once, before its body is read,
// with 429 and Retry-After (RFC 9110 §10.2.3, RFC 6585 §4), instead of stacking dumps in
// memory until the process is killed.

import { ApiError } from './errors';

export class Gate {
  #active = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(
    readonly concurrency: number,
    readonly queue: number,
    /** Seconds a refused client is told to wait. */
    readonly retryAfterSeconds = 10,
  ) {
    if (concurrency < 1) throw new RangeError('a gate lets at least one through');
  }

  get active(): number {
    return this.#active;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  /** Runs `fn` when a place is free; throws a 429 ApiError when the queue is full too. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#active >= this.concurrency) {
      if (this.#waiting.length >= this.queue) {
        throw new ApiError(
          429,
          'busy',
          `${this.#active} upload(s) are being read and ${this.#waiting.length} wait; try again shortly`,
          {},
          this.retryAfterSeconds,
        );
      }
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#active++;
    }
    try {
      return await fn();
    } finally {
      // Hand the place straight to the next waiter, or free it.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active--;
    }
  }
}

function count(value: string | undefined, fallback: number, min: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= min ? n : fallback;
}

const KEY = Symbol.for('packetpath.upload-gate');
const holder = globalThis as { [KEY]?: Gate };
/** The process-wide gate of POST /api/sources (one per process, whatever the route bundle). */
export const uploadGate: Gate = (holder[KEY] ??= new Gate(
  count(process.env.PACKETPATH_UPLOAD_CONCURRENCY, 1, 1),
  count(process.env.PACKETPATH_UPLOAD_QUEUE, 2, 0),
));
