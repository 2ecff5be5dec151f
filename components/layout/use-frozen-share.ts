'use client';

import { useQuery } from '@tanstack/react-query';
import { usePathname, useSearchParams } from 'next/navigation';
import { getShare } from 'components/api/client';
import type { ShareView } from 'lib/server/shares';
import { frozenShareOf, type FrozenShare } from './frozen-context';

/**
 * The share the current page is frozen on, and (once read) its metadata: when it was taken,
 * from which source, with which query. One request per share; the header's parts share it.
 */
export function useFrozenShare(): { frozen: FrozenShare | undefined; share: ShareView | undefined } {
  const frozen = frozenShareOf(usePathname(), useSearchParams().get('source'));
  const { data } = useQuery({
    queryKey: ['share', frozen?.shareId],
    queryFn: ({ signal }) => getShare(frozen!.shareId, signal),
    enabled: frozen !== undefined,
    // A share never changes once made.
    staleTime: Infinity,
    retry: false,
  });
  return { frozen, share: frozen ? data : undefined };
}
