import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="max-w-2xl space-y-3">
      <h1 className="text-2xl font-bold">Not found</h1>
      <p>There is nothing at this address.</p>
      <Link href="/" className="font-medium text-blue-700 underline dark:text-blue-300">
        Back to the scenarios
      </Link>
    </div>
  );
}
