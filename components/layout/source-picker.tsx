'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import type { SourceEntry } from 'lib/server/sources';
import { frozenAtLabel } from './frozen-context';
import { useFrozenShare } from './use-frozen-share';

const GROUPS: ReadonlyArray<{ kind: SourceEntry['kind']; label: string }> = [
  { kind: 'scenario', label: 'Built-in scenarios' },
  { kind: 'live', label: 'Live cluster' },
  { kind: 'upload', label: 'Uploads' },
  { kind: 'snapshot', label: 'Snapshots' },
];

/**
 * Switches the source of the current view; the choice lives in `?source=`. In a frozen view
 * the frozen snapshot is the current choice (shares are never listed), and picking another
 * source is the way out on purpose.
 */
export function SourcePicker({
  sources,
  defaultSource,
}: {
  sources: readonly SourceEntry[];
  defaultSource: string;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const { frozen, share } = useFrozenShare();
  const current = frozen?.source ?? params.get('source') ?? defaultSource;
  const known = sources.some((s) => s.id === current);

  return (
    <label className="flex min-w-0 items-center gap-2 text-sm">
      <span className="text-slate-600 dark:text-slate-300">Source</span>
      <select
        className="max-w-[22rem] min-w-[11rem] truncate rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-600 dark:bg-slate-900"
        value={current}
        onChange={(e) => {
          // A trace's endpoints belong to its source: switching drops them.
          const target =
            pathname.startsWith('/trace') ||
            pathname.startsWith('/s/') ||
            pathname === '/' ||
            pathname === '/upload'
              ? '/trace'
              : pathname;
          const next = new URLSearchParams({ source: e.target.value });
          router.push(`${target}?${next.toString()}`);
        }}
      >
        {frozen ? (
          <optgroup label="Frozen link">
            <option value={frozen.source}>
              {share
                ? `Frozen ${frozenAtLabel(share.createdAt)} · ${share.source.title ?? share.source.id}`
                : 'Frozen snapshot'}
            </option>
          </optgroup>
        ) : (
          !known && <option value={current}>{current}</option>
        )}
        {GROUPS.map(({ kind, label }) => {
          const items = sources.filter((s) => s.kind === kind);
          if (items.length === 0) return null;
          return (
            <optgroup key={kind} label={label}>
              {items.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))}
            </optgroup>
          );
        })}
      </select>
    </label>
  );
}
