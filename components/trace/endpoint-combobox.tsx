'use client';

import { useQuery } from '@tanstack/react-query';
import { useCombobox } from 'downshift';
import { useEffect, useRef, useState } from 'react';
import type { EndpointOption } from 'lib/server/endpoints';
import { MiddleTruncate } from 'components/ui/middle-truncate';
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
  workload: 'workload',
  pod: 'pod',
  service: 'svc',
  node: 'node',
  ingress: 'ingress',
  gateway: 'gateway',
  'load-balancer': 'LB',
};

/** The kind word of a workload option (`deploy:` → Deployment is in its detail; the prefix is shorter). */
const kindWord = (o: EndpointOption) =>
  o.kind === 'workload' ? o.value.slice(0, o.value.indexOf(':')) : KIND_LABEL[o.kind];

/** Sets a field of the enclosing form the way typing would (the form's fields are uncontrolled). */
function setFormField(within: HTMLElement | null, name: string, value: string): void {
  const field = within?.closest('form')?.elements.namedItem(name);
  if (field instanceof HTMLInputElement || field instanceof HTMLSelectElement) field.value = value;
}

interface PortNote {
  /** Beside the label: `port 5432 (postgres, TCP) filled in`. */
  readonly short: string;
  /** `Port 5432 (postgres, TCP) filled in from svc:shop/db; it also has 9090 grpc`. */
  readonly full: string;
}

/** What picking a Service changed: which of its ports went into the Port field. */
function portNote(o: EndpointOption): PortNote | undefined {
  const [first, ...rest] = o.ports ?? [];
  if (!first) return undefined;
  const name = [first.name, first.protocol].filter(Boolean).join(', ');
  const others = rest.length
    ? `; it also has ${rest.map((p) => `${p.port}${p.name ? ` ${p.name}` : ''}`).join(', ')}`
    : '';
  return {
    short: `port ${first.port} (${name}) filled in${rest.length ? `, 1 of ${rest.length + 1}` : ''}`,
    full: `Port ${first.port} (${name}) filled in from ${o.value}${others}`,
  };
}

/**
 * An endpoint picker: a text field that takes any endpoint the CLI takes (`deploy:NS/NAME`,
 * `pod:NS/NAME`, `svc:NS/NAME`, `node:NAME`, `ip:ADDR`, a URL) with server-side
 * suggestions: workloads and Services first, pods under their workload. The ARIA 1.2
 * combobox pattern comes from downshift's useCombobox (arrows move, Enter picks, Escape
 * closes); the label names the control. Picking a Service fills in its port when
 * `fillsPort` is set, and says so.
 */
export function EndpointCombobox({
  name,
  label,
  source,
  defaultValue,
  placeholder,
  fillsPort = false,
}: {
  name: string;
  label: string;
  source: string;
  defaultValue?: string;
  placeholder?: string;
  fillsPort?: boolean;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [value, setValue] = useState(defaultValue ?? '');
  const [note, setNote] = useState<PortNote>();
  const [open, setOpen] = useState(false);
  // Suggestions search by the text after a `kind:` prefix too.
  const q = useDebounced(value.replace(/^(pod|svc|node|ip|deploy|sts|ds|rs|job):/, ''), 200);
  const { data } = useQuery({
    queryKey: ['endpoints', source, q],
    queryFn: ({ signal }) => getEndpoints({ source, q, limit: 12 }, signal),
    enabled: open,
    placeholderData: (prev) => prev,
  });
  const options = [...(data?.results ?? [])];

  const { isOpen, highlightedIndex, getLabelProps, getInputProps, getMenuProps, getItemProps } = useCombobox({
    items: options,
    inputValue: value,
    itemToString: (o) => o?.value ?? '',
    itemToKey: (o) => o?.value,
    onInputValueChange: ({ inputValue, type }) => {
      setValue(inputValue);
      if (type === useCombobox.stateChangeTypes.InputChange) setNote(undefined);
    },
    onIsOpenChange: ({ isOpen: next }) => setOpen(Boolean(next)),
    onSelectedItemChange: ({ selectedItem }) => {
      if (!selectedItem) return;
      setValue(selectedItem.value);
      const first = selectedItem.ports?.[0];
      if (fillsPort && selectedItem.kind === 'service' && first) {
        setFormField(box.current, 'port', String(first.port));
        setFormField(box.current, 'protocol', first.protocol);
        setNote(portNote(selectedItem));
      } else setNote(undefined);
    },
  });
  const shown = isOpen && options.length > 0;

  return (
    <div ref={box} className="relative min-w-[13rem] flex-1">
      <div className="mb-0.5 flex min-w-0 items-baseline justify-between gap-2">
        <label
          {...getLabelProps()}
          className="shrink-0 text-xs font-semibold text-slate-700 dark:text-slate-200"
        >
          {label}
        </label>
        {/* Says what picking a Service changed; the short form fits beside the label. */}
        <p
          role="status"
          className="min-w-0 truncate text-xs text-slate-600 dark:text-slate-300"
          title={note?.full}
        >
          {note && (
            <>
              <span aria-hidden="true">{note.short}</span>
              <span className="sr-only">{note.full}</span>
            </>
          )}
        </p>
      </div>
      <input
        {...getInputProps({ onFocus: () => setOpen(true) })}
        name={name}
        autoComplete="off"
        spellCheck={false}
        required
        placeholder={placeholder}
        className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
      />
      <ul
        {...getMenuProps({ 'aria-label': `${label} suggestions` })}
        hidden={!shown}
        className="absolute z-20 mt-1 max-h-80 w-full min-w-[34rem] overflow-auto rounded-md border border-slate-300 bg-white py-1 shadow-lg dark:border-slate-600 dark:bg-slate-900"
      >
        {shown &&
          options.map((o, i) => {
            const child =
              o.kind === 'pod' &&
              o.parent !== undefined &&
              options[i - 1] !== undefined &&
              (options[i - 1]!.value === o.parent || options[i - 1]!.parent === o.parent);
            return (
              <li
                key={o.value}
                {...getItemProps({ item: o, index: i })}
                data-kind={o.kind}
                className={`flex cursor-pointer items-baseline gap-2 py-1 pr-2 text-sm ${child ? 'pl-7' : 'pl-2'} ${i === highlightedIndex ? 'bg-blue-100 dark:bg-blue-900' : ''}`}
              >
                <span className="w-16 shrink-0 text-xs font-semibold text-slate-600 uppercase dark:text-slate-300">
                  {kindWord(o)}
                </span>
                <MiddleTruncate
                  text={child ? o.label.slice(o.label.indexOf('/') + 1) : o.label}
                  className="font-mono"
                />
                <span
                  className="ml-auto min-w-0 shrink-[6] truncate text-xs text-slate-600 dark:text-slate-300"
                  title={o.detail}
                >
                  {o.detail}
                </span>
              </li>
            );
          })}
        {shown && data && data.total > options.length && (
          <li role="presentation" className="px-2 py-1 text-xs text-slate-600 dark:text-slate-300">
            {data.total - options.length} more — type to narrow
          </li>
        )}
      </ul>
    </div>
  );
}
