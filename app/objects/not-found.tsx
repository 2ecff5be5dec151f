import Link from 'next/link';
import { Suspense } from 'react';
import { MissingRef } from './missing-ref';

/** An evidence link to an object the source does not hold (with a 404 status). */
export default function ObjectNotFound() {
  return (
    <div className="max-w-2xl space-y-3" data-testid="object-not-found">
      <h1 className="text-2xl font-bold">This object is not in the source</h1>
      <Suspense fallback={null}>
        <MissingRef />
      </Suspense>
      <p>
        The source may have been deleted or replaced since the link was made, or the object was renamed. Open
        the source again and follow the evidence link from a fresh trace or lint.
      </p>
      <Link href="/" className="font-medium text-blue-700 underline dark:text-blue-300">
        Back to the sources
      </Link>
    </div>
  );
}
