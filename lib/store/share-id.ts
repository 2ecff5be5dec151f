// Share ids are bearer secrets: whoever has the link sees the frozen cluster state, so
// they must be unguessable. 16 random bytes = 128 bits, base64url without padding.

import { randomBytes } from 'node:crypto';

const SHARE_ID_BYTES = 16;

export function newShareId(): string {
  return randomBytes(SHARE_ID_BYTES).toString('base64url');
}

/** Syntactic check before any database lookup (22 chars for 16 bytes; room for longer ids). */
export function isShareId(id: string): boolean {
  return /^[A-Za-z0-9_-]{22,86}$/.test(id);
}
