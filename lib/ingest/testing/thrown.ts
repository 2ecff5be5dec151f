// For tests: the IngestError a call throws (the first one when it throws several together).

import { IngestError, IngestErrors } from '../errors';

export function thrown(fn: () => unknown): IngestError {
  try {
    fn();
  } catch (e) {
    if (e instanceof IngestErrors) return e.errors[0]!;
    if (e instanceof IngestError) return e;
    throw e;
  }
  throw new Error('expected an IngestError');
}
