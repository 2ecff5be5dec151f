// Failed sign-in attempts, counted per client address in a fixed window, in bounded memory
// (an LRU of at most MAX_CLIENTS addresses; the oldest is forgotten first). A client past
// the limit gets 429 with Retry-After before its credential is even compared, so guessing
// stays slow. A global cap bounds guessing by a client that changes its address
// (X-Forwarded-For is whatever the client or the proxy in front says).

import { LRUCache } from 'lru-cache';

export interface ThrottleLimits {
  /** Failed attempts one client may make per window. */
  readonly perClient: number;
  /** Failed attempts all clients together may make per window. */
  readonly global: number;
  readonly windowMs: number;
  readonly maxClients: number;
}

export const AUTH_THROTTLE: ThrottleLimits = {
  perClient: 10,
  global: 200,
  windowMs: 60_000,
  maxClients: 10_000,
};

interface Window {
  start: number;
  failures: number;
}

export class AuthThrottle {
  readonly #clients: LRUCache<string, Window>;
  #global: Window = { start: 0, failures: 0 };

  constructor(
    readonly limits: ThrottleLimits = AUTH_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {
    this.#clients = new LRUCache({ max: limits.maxClients });
  }

  #current(w: Window | undefined): Window {
    const t = this.now();
    return w && t - w.start < this.limits.windowMs ? w : { start: t, failures: 0 };
  }

  /** Seconds until `client` may try again, or undefined when it may try now. */
  blocked(client: string): number | undefined {
    const w = this.#current(this.#clients.peek(client));
    const g = (this.#global = this.#current(this.#global));
    const over = [
      w.failures >= this.limits.perClient ? w : undefined,
      g.failures >= this.limits.global ? g : undefined,
    ]
      .filter((x): x is Window => !!x)
      .map((x) => x.start + this.limits.windowMs - this.now());
    return over.length ? Math.max(1, Math.ceil(Math.max(...over) / 1000)) : undefined;
  }

  fail(client: string): void {
    const w = this.#current(this.#clients.get(client));
    w.failures++;
    this.#clients.set(client, w);
    this.#global = this.#current(this.#global);
    this.#global.failures++;
  }

  /** Addresses remembered (bounded by maxClients). */
  get size(): number {
    return this.#clients.size;
  }
}
