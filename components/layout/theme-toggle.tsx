'use client';

import { useEffect, useState } from 'react';
import { THEME_KEY } from './theme-script';

type Theme = 'light' | 'dark';

function apply(theme: Theme): void {
  const root = document.documentElement;
  root.classList.toggle('dark', theme === 'dark');
  root.dataset.theme = theme;
}

export function ThemeToggle() {
  // Unknown until mounted: the server cannot know the reader's theme.
  const [theme, setTheme] = useState<Theme | undefined>(undefined);
  useEffect(() => setTheme(document.documentElement.classList.contains('dark') ? 'dark' : 'light'), []);

  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="rounded-md border border-slate-300 px-2.5 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
      aria-label={theme ? `Switch to ${next} theme` : 'Switch theme'}
      onClick={() => {
        apply(next);
        localStorage.setItem(THEME_KEY, next);
        setTheme(next);
      }}
    >
      <span aria-hidden="true">◐</span> {theme === 'dark' ? 'Dark' : theme === 'light' ? 'Light' : 'Theme'}
    </button>
  );
}
