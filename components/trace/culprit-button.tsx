'use client';

import { selectHopInUrl } from './trace-view';

/** Opens the culprit hop in the panel, where its Fix and Verify come first. */
export function CulpritButton({ hopId, label }: { hopId: string; label: string }) {
  return (
    <button
      type="button"
      data-testid="open-culprit"
      className="shrink-0 rounded-md border border-current px-2.5 py-1 text-sm font-semibold hover:bg-white/40 dark:hover:bg-black/20"
      onClick={() => selectHopInUrl(hopId)}
    >
      {label}
    </button>
  );
}
