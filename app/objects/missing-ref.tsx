'use client';

import { useSearchParams } from 'next/navigation';

/** Names the object the link asked for: not-found pages get no props, the URL still has it. */
export function MissingRef() {
  const params = useSearchParams();
  const kind = params.get('kind') ?? 'object';
  const namespace = params.get('namespace');
  const name = params.get('name') ?? '';
  const source = params.get('source');
  return (
    <p
      role="alert"
      className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      <code className="font-mono">{`${kind} ${namespace ? `${namespace}/` : ''}${name}`}</code> is not in{' '}
      {source ? <code className="font-mono">{source}</code> : 'the default source'}.
    </p>
  );
}
