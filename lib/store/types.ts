// The storage interface behind snapshots, uploads and share links. Two
// implementations pass the same test suite: SQLite (default) and PostgreSQL.

import type { Snapshot, SourceMeta } from '../model/types';
import type { TraceQuery } from '../engine/types';
import type { PreparedSnapshot } from './prepare';

/** A stored snapshot's listing entry (without its objects). */
export interface SnapshotSummary {
  /** Content address: sha256 of the canonical snapshot JSON. */
  readonly id: string;
  readonly name: string;
  /** 'upload' for dashboard uploads, 'snapshot' for named saves, 'share' for frozen states. */
  readonly purpose: 'upload' | 'snapshot' | 'share';
  readonly meta: SourceMeta;
  readonly objectCount: number;
  readonly createdAt: string;
}

export interface ShareRecord {
  /** Unguessable id (≥128 bits, base64url). */
  readonly id: string;
  readonly snapshotId: string;
  readonly query: TraceQuery;
  /** UI state frozen with the link (selected hop, ...). */
  readonly view: Readonly<Record<string, string>>;
  readonly title?: string;
  readonly note?: string;
  readonly createdAt: string;
  readonly expiresAt?: string;
  /** Where the frozen state came from (`scenario:…`, `upload:…`, `live`). */
  readonly sourceId: string;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Stores a snapshot once per content, redacted first (lib/store/redact.ts: Secrets and
   * credentials never reach the database); returns the redacted content's address.
   */
  putSnapshot(
    snapshot: Snapshot | PreparedSnapshot,
    entry: { name: string; purpose: SnapshotSummary['purpose'] },
  ): Promise<SnapshotSummary>;
  getSnapshot(id: string): Promise<Snapshot | undefined>;
  /** The catalogue entry of a stored snapshot (the given purpose, else the oldest entry). */
  getSnapshotSummary(id: string, purpose?: SnapshotSummary['purpose']): Promise<SnapshotSummary | undefined>;
  listSnapshots(purpose?: SnapshotSummary['purpose']): Promise<readonly SnapshotSummary[]>;
  /**
   * Removes a catalogue entry (the given purpose, else every non-share entry). The
   * content itself is removed only when no other entry and no share link refers to it.
   */
  deleteSnapshot(id: string, purpose?: SnapshotSummary['purpose']): Promise<boolean>;
  /** Renames an upload or saved-snapshot entry; undefined when there is no such entry. */
  renameSnapshot(
    id: string,
    purpose: 'upload' | 'snapshot',
    name: string,
  ): Promise<SnapshotSummary | undefined>;
  createShare(share: Omit<ShareRecord, 'id' | 'createdAt'>): Promise<ShareRecord>;
  /** Unknown, malformed and expired ids all give undefined. */
  getShare(id: string): Promise<ShareRecord | undefined>;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
