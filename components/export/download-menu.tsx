'use client';

import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';

export interface DownloadItem {
  readonly key: string;
  readonly label: string;
  /** Makes and saves the file; a thrown error is shown beside the menu. */
  readonly run: () => void | Promise<void>;
  /** Shown while `run` works (a PNG takes a moment). */
  readonly busy?: string;
}

/** An "Export ▾" menu button (WAI-ARIA menu pattern: Escape closes, arrows move). */
export function DownloadMenu({
  items,
  label = 'Export',
}: {
  items: readonly DownloadItem[];
  label?: string;
}) {
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState<string>('');
  const menu = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent) {
        if (e.key !== 'Escape') return;
        setOpen(false);
        trigger.current?.focus();
      } else if (!menu.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  async function run(item: DownloadItem) {
    setOpen(false);
    try {
      if (item.busy) setStatus(item.busy);
      await item.run();
      setStatus('');
    } catch (err) {
      setStatus(`Export failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Arrow keys, Home and End move between the menu items (the menu pattern of WAI-ARIA). */
  function moveFocus(e: ReactKeyboardEvent<HTMLDivElement>) {
    const buttons = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: buttons.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    buttons[(next + buttons.length) % buttons.length]?.focus();
  }

  const itemClass =
    'block w-full px-3 py-1.5 text-left text-sm hover:bg-slate-100 focus:bg-slate-100 dark:hover:bg-slate-800 dark:focus:bg-slate-800';
  return (
    <div className="relative" ref={menu}>
      <button
        ref={trigger}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
      >
        {label} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div
          role="menu"
          aria-label={label}
          onKeyDown={moveFocus}
          className="absolute right-0 z-20 mt-1 w-56 rounded-md border border-slate-300 bg-white py-1 shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          {items.map((item, i) => (
            <button
              key={item.key}
              type="button"
              role="menuitem"
              data-format={item.key}
              className={itemClass}
              onClick={() => void run(item)}
              autoFocus={i === 0}
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
      <span
        aria-live="polite"
        className="absolute right-0 mt-1 w-64 text-right text-xs text-slate-600 dark:text-slate-300"
      >
        {status}
      </span>
    </div>
  );
}
