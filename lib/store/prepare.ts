// What storing a snapshot computes before touching the database: the redacted content,
// its canonical JSON and its address. Pure and seconds long on a large dump, so the
// server runs it in a worker thread beside the parse and hands the result to putSnapshot,
// which then only writes.

import type { Snapshot } from '../model/types';
import { contentAddress } from './canonical';
import { redactSnapshot } from './redact';

export interface PreparedSnapshot {
  readonly prepared: true;
  /** The redacted snapshot (what is stored and served). */
  readonly snapshot: Snapshot;
  /** sha256 of `json`. */
  readonly id: string;
  /** Canonical JSON of `snapshot`. */
  readonly json: string;
}

export function prepareSnapshot(given: Snapshot): PreparedSnapshot {
  const snapshot = redactSnapshot(given).snapshot;
  return { prepared: true, snapshot, ...contentAddress(snapshot) };
}
