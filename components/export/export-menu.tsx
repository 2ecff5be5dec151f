'use client';

import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { TraceResult } from 'lib/engine/types';
import { downloadBlob, fileStem } from './download';
import { pathGraphPng } from './path-png';

type Format = 'png' | 'md' | 'json';

/**
 * Export of the trace on screen: PNG of the path graph, a Markdown summary for a ticket
 * (the engine's Markdown plus the permalink), and the JSON trace.
 */
export function ExportMenu({
  result,
  markdown,
  permalink,
}: {
  result: TraceResult;
  markdown: string;
  permalink?: string;
}) {
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState<string>('');
  const menu = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const stem = fileStem(result.query?.from ?? 'trace', result.query?.to ?? '');

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

  async function run(format: Format) {
    setOpen(false);
    try {
      switch (format) {
        case 'png':
          setStatus('Rendering the image…');
          downloadBlob(`${stem}.png`, await pathGraphPng());
          break;
        case 'md': {
          const link = permalink ?? window.location.href;
          const text = `${markdown.trimEnd()}\n\nPermalink: ${new URL(link, window.location.origin).toString()}\n`;
          downloadBlob(`${stem}.md`, new Blob([text], { type: 'text/markdown;charset=utf-8' }));
          break;
        }
        case 'json':
          downloadBlob(
            `${stem}.json`,
            new Blob([`${JSON.stringify(result, null, 2)}\n`], { type: 'application/json' }),
          );
          break;
        default: {
          const never: never = format;
          throw new Error(`unknown format ${String(never)}`);
        }
      }
      setStatus('');
    } catch (err) {
      setStatus(`Export failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Arrow keys, Home and End move between the menu items (the menu pattern of WAI-ARIA). */
  function moveFocus(e: ReactKeyboardEvent<HTMLDivElement>) {
    const items = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    items[(next + items.length) % items.length]?.focus();
  }

  const item =
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
        Export <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div
          role="menu"
          aria-label="Export"
          onKeyDown={moveFocus}
          className="absolute right-0 z-20 mt-1 w-56 rounded-md border border-slate-300 bg-white py-1 shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          <button type="button" role="menuitem" className={item} onClick={() => void run('png')} autoFocus>
            PNG image of the path
          </button>
          <button type="button" role="menuitem" className={item} onClick={() => void run('md')}>
            Markdown summary (ticket)
          </button>
          <button type="button" role="menuitem" className={item} onClick={() => void run('json')}>
            JSON trace
          </button>
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
