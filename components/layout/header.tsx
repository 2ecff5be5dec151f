import Link from 'next/link';
import { Suspense } from 'react';
import { defaultSourceId, getSourcesFor } from 'lib/server';
import { ownedByCaller } from 'lib/server/owned-sources';
import { LiveStatus } from 'components/live/live-status';
import { FrozenBadge } from './frozen-badge';
import { NavLinks } from './nav-links';
import { SourcePicker } from './source-picker';
import { ThemeToggle } from './theme-toggle';

export async function Header() {
  const sources = await getSourcesFor(await ownedByCaller()).catch(() => []);
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-950">
      <nav aria-label="Main" className="mx-auto flex max-w-[1600px] items-center gap-4 px-4 py-2">
        <Link href="/" className="text-lg font-bold tracking-tight">
          packet<span className="text-blue-700 dark:text-blue-400">path</span>
        </Link>
        <Suspense fallback={<div className="h-8 w-64" />}>
          <SourcePicker sources={sources} defaultSource={defaultSourceId()} />
          <NavLinks />
        </Suspense>
        <div className="ml-auto flex items-center gap-3">
          <Suspense fallback={null}>
            <FrozenBadge defaultSource={defaultSourceId()} />
          </Suspense>
          <LiveStatus />
          <ThemeToggle />
        </div>
      </nav>
    </header>
  );
}
