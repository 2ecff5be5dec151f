'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import type { EndpointOption } from 'lib/server/endpoints';
import { getEndpoints } from 'components/api/client';

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

const KIND_LABEL: Readonly<Record<EndpointOption['kind'], string>> = {
  pod: 'pod',
  service: 'svc',
  node: 'node',
  ingress: 'ingress',
  gateway: 'gateway',
  'load-balancer': 'LB',
};

/**
 * An endpoint picker: a text field (any endpoint the CLI takes: `pod:NS/NAME`,
 * `svc:NS/NAME`, `node:NAME`, `ip:ADDR`, a URL) with server-side suggestions.
 * ARIA 1.2 combobox pattern: arrows move, Enter picks, Escape closes.
 */
export function EndpointCombobox({
  name,
  label,
  source,
  defaultValue,
  placeholder,
}: {
  name: string;
  label: string;
  source: string;
  defaultValue?: string;
  placeholder?: string;
}) {
  const id = useId();
  const listId = `${id}-list`;
  const [value, setValue] = useState(defaultValue ?? '');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  // Suggestions search by the text after a `kind:` prefix too.
  const q = useDebounced(value.replace(/^(pod|svc|node|ip):/, ''), 200);
  const { data } = useQuery({
    queryKey: ['endpoints', source, q],
    queryFn: ({ signal }) => getEndpoints({ source, q, limit: 12 }, signal),
    enabled: open,
    placeholderData: (prev) => prev,
  });
  const options = data?.results ?? [];

  const pick = (option: EndpointOption) => {
    setValue(option.value);
    setOpen(false);
    setActive(-1);
  };

  return (
    <div className="relative min-w-[13rem] flex-1">
      <label htmlFor={id} className="mb-0.5 block text-xs font-semibold text-slate-700 dark:text-slate-200">
        {label}
      </label>
      <input
        id={id}
        name={name}
        role="combobox"
        aria-expanded={open && options.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
        autoComplete="off"
        spellCheck={false}
        required
        placeholder={placeholder}
        value={value}
        className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
        onChange={(e) => {
          setValue(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 120)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
            setActive((a) => Math.min(a + 1, options.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, -1));
          } else if (e.key === 'Enter' && open && active >= 0 && options[active]) {
            e.preventDefault();
            pick(options[active]);
          } else if (e.key === 'Escape') {
            setOpen(false);
          }
        }}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label={`${label} suggestions`}
        hidden={!open || options.length === 0}
        className="absolute z-20 mt-1 max-h-80 w-full min-w-[22rem] overflow-auto rounded-md border border-slate-300 bg-white py-1 shadow-lg dark:border-slate-600 dark:bg-slate-900"
      >
        {options.map((o, i) => (
          <li
            key={o.value}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={`flex cursor-pointer items-baseline gap-2 px-2 py-1 text-sm ${i === active ? 'bg-blue-100 dark:bg-blue-900' : ''}`}
            onMouseDown={(e) => {
              e.preventDefault();
              pick(o);
            }}
          >
            <span className="w-14 shrink-0 text-xs font-semibold text-slate-600 uppercase dark:text-slate-300">
              {KIND_LABEL[o.kind]}
            </span>
            <span className="min-w-0 truncate font-mono">{o.label}</span>
            <span className="ml-auto shrink-0 truncate text-xs text-slate-600 dark:text-slate-300">
              {o.detail}
            </span>
          </li>
        ))}
        {data && data.total > options.length && (
          <li role="presentation" className="px-2 py-1 text-xs text-slate-600 dark:text-slate-300">
            {data.total - options.length} more — type to narrow
          </li>
        )}
      </ul>
    </div>
  );
}
