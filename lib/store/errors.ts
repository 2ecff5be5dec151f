/** A store operation failed for a reason the caller can name (bad id, missing snapshot). */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly code: 'SNAPSHOT_NOT_FOUND' | 'BAD_INPUT' | 'MIGRATION_FAILED',
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
