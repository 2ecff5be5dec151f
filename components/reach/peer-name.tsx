import { revealHidden } from 'lib/model/hidden-chars';

/** A reach peer: an address range leads with its words, the range itself beneath; others by name. */
export function PeerName({ name, words }: { readonly name: string; readonly words?: string | undefined }) {
  if (!words) return <span className="font-mono text-xs break-all">{revealHidden(name)}</span>;
  return (
    <span className="flex flex-col">
      <span className="text-sm">{revealHidden(words)}</span>
      <span className="font-mono text-xs break-all text-slate-600 dark:text-slate-400">
        {revealHidden(name)}
      </span>
    </span>
  );
}
