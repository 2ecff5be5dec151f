import Link from 'next/link';

/** Malformed, unknown and expired share ids all land here (with a 404 status). */
export default function ShareNotFound() {
  return (
    <div className="max-w-2xl space-y-3" data-testid="share-not-found">
      <h1 className="text-2xl font-bold">This share link does not exist</h1>
      <p>
        The link may be mistyped or cut short, or it may have expired. Share links are random and cannot be
        guessed; ask the person who sent it for a new one.
      </p>
      <Link href="/" className="font-medium text-blue-700 underline dark:text-blue-300">
        Open packetpath
      </Link>
    </div>
  );
}
