// Deterministic identifiers: UIDs, name suffixes and timestamps that look like the ones a
// real API server writes, derived from a hash of the object's identity so every run of a
// scenario produces byte-identical objects.

/** 32-bit FNV-1a hash of a string. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A stream of pseudo-random 32-bit words seeded from a string (xorshift32). */
export function wordStream(seed: string): () => number {
  let x = fnv1a(seed) || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

const HEX = '0123456789abcdef';

/** An RFC 4122 version-4-shaped UID, stable for the same key. */
export function uidFor(key: string): string {
  const next = wordStream(`uid:${key}`);
  let hex = '';
  while (hex.length < 32) hex += next().toString(16).padStart(8, '0');
  const chars = hex.slice(0, 32).split('');
  chars[12] = '4';
  chars[16] = HEX[(parseInt(chars[16] ?? '0', 16) & 0x3) | 0x8] ?? '8';
  const h = chars.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

// The alphabet Kubernetes uses for generated name suffixes (k8s.io/apimachinery rand):
// no vowels, no ambiguous characters.
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A generateName-style suffix (`x7k2p`) of the given length, stable for the same key. */
export function nameSuffix(key: string, length = 5): string {
  const next = wordStream(`suffix:${key}`);
  let out = '';
  for (let i = 0; i < length; i++) out += SUFFIX_ALPHABET[next() % SUFFIX_ALPHABET.length];
  return out;
}

/** A pod-template-hash (`7c9d8f6b5`): ten lowercase alphanumerics, as the ReplicaSet controller writes. */
export function templateHash(key: string): string {
  return nameSuffix(`hash:${key}`, 10)
    .replace(/^[2456789]/, 'b')
    .slice(0, 9 + (fnv1a(key) % 2));
}

// Every scenario's cluster was "created" at this instant; objects are stamped relative to it.
const BASE_TIME = Date.UTC(2024, 9, 14, 8, 12, 0);

/** ISO timestamp `minutes` after the cluster's creation (RFC 3339, second precision). */
export function stamp(minutes: number): string {
  return new Date(BASE_TIME + Math.round(minutes * 60_000)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The fixed capture time of every built-in scenario snapshot. */
export const SCENARIO_CAPTURED_AT = '2024-10-21T09:30:00Z';
