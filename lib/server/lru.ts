// A small least-recently-used map. Models are large (indexes over every pod), so the
// registry keeps only a bounded number built; a Map's insertion order gives LRU for free.
// Entries may carry a weight (their estimated bytes): the map then also keeps the total
// weight under a budget, evicting the least recently used first, though never the most
// recent entry (one model larger than the budget is still served, alone).

export class Lru<K, V> {
  readonly #max: number;
  readonly #maxWeight: number;
  readonly #map = new Map<K, V>();
  readonly #weights = new Map<K, number>();
  #total = 0;

  constructor(max: number, maxWeight = Number.POSITIVE_INFINITY) {
    if (max < 1) throw new RangeError('Lru needs room for at least one entry');
    this.#max = max;
    this.#maxWeight = maxWeight;
  }

  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value === undefined) return undefined;
    // Re-insert so the entry becomes the most recently used.
    this.#map.delete(key);
    this.#map.set(key, value);
    return value;
  }

  /** The value without making it the most recently used. */
  peek(key: K): V | undefined {
    return this.#map.get(key);
  }

  set(key: K, value: V, weight = 0): void {
    this.delete(key);
    this.#map.set(key, value);
    this.#weights.set(key, weight);
    this.#total += weight;
    this.#evict();
  }

  /** Sets the weight of an entry known only later (a model's size once it is built). */
  setWeight(key: K, weight: number): void {
    if (!this.#map.has(key)) return;
    this.#total += weight - (this.#weights.get(key) ?? 0);
    this.#weights.set(key, weight);
    this.#evict();
  }

  delete(key: K): boolean {
    this.#total -= this.#weights.get(key) ?? 0;
    this.#weights.delete(key);
    return this.#map.delete(key);
  }

  get size(): number {
    return this.#map.size;
  }

  /** The sum of the entries' weights. */
  get weight(): number {
    return this.#total;
  }

  clear(): void {
    this.#map.clear();
    this.#weights.clear();
    this.#total = 0;
  }

  #evict(): void {
    while (this.#map.size > this.#max || (this.#total > this.#maxWeight && this.#map.size > 1)) {
      const oldest = this.#map.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
  }
}
