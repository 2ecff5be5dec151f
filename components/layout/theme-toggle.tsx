'use client';

import { THEME_KEY } from './theme-script';

type Theme = 'light' | 'dark';

function apply(theme: Theme): void {
  const root = document.documentElement;
  root.classList.toggle('dark', theme === 'dark');
  root.dataset.theme = theme;
}

/**
 * Says the action it performs ("Switch to dark theme"), never the current state, so it
 * cannot be misread. Both labels are rendered and the `dark` class (set before the first
 * paint by ThemeScript) shows the right one: no flash and no hydration mismatch, even
 * though the server cannot know the reader's theme.
 */
export function ThemeToggle() {
  return (
    <button
      type="button"
      data-testid="theme-toggle"
      className="rounded-md border border-slate-300 px-2.5 py-1.5 text-sm whitespace-nowrap hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
      onClick={() => {
        const next: Theme = document.documentElement.classList.contains('dark') ? 'light' : 'dark';
        apply(next);
        localStorage.setItem(THEME_KEY, next);
      }}
    >
      {/* Below 1536 px the header also holds the frozen badge: the words stay for screen
          readers and the tooltip, the glyph alone is shown. */}
      <span className="dark:hidden" title="Switch to dark theme">
        <span aria-hidden="true">☾</span>
        <span className="max-2xl:sr-only"> Switch to dark theme</span>
      </span>
      <span className="hidden dark:inline" title="Switch to light theme">
        <span aria-hidden="true">☀</span>
        <span className="max-2xl:sr-only"> Switch to light theme</span>
      </span>
    </button>
  );
}
