import Form from 'next/form';
import { TRACE_LIMITS, type TraceQuery } from 'lib/model/trace-query';
import { PROTOCOLS } from 'lib/model/types';
import { AdvancedFields } from './advanced-fields';
import { EndpointCombobox } from './endpoint-combobox';

const field =
  'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900';

const bad = 'border-red-600 ring-2 ring-red-600/40 dark:border-red-400';

/** Marks a field the last submission got wrong; the error note above names why. */
function Invalid({ when, children }: { when: boolean; children: React.ReactNode }) {
  return when ? (
    <div className="rounded-md ring-2 ring-red-600" data-invalid="true">
      {children}
    </div>
  ) : (
    children
  );
}

/** The trace query; submitting navigates to `/trace?...` so the query lives in the URL. */
export function TraceForm({
  source,
  query,
  invalid = [],
}: {
  source: string;
  query?: Partial<TraceQuery>;
  /** Parameters the server rejected (every one of them, not just the first). */
  invalid?: readonly string[];
}) {
  const isBad = (name: string) => invalid.includes(name);
  return (
    <Form action="/trace" className="flex min-w-0 flex-1 flex-wrap items-end gap-3" aria-label="Trace query">
      <input type="hidden" name="source" value={source} />
      <Invalid when={isBad('from')}>
        <EndpointCombobox
          key={`from-${source}-${query?.from ?? ''}`}
          name="from"
          label="From"
          source={source}
          defaultValue={query?.from}
          placeholder="deploy:NS/NAME, pod:NS/NAME, node:NAME, ip:ADDR or http://host/path"
        />
      </Invalid>
      <Invalid when={isBad('to')}>
        <EndpointCombobox
          key={`to-${source}-${query?.to ?? ''}`}
          name="to"
          label="To"
          source={source}
          defaultValue={query?.to}
          placeholder="svc:NS/NAME, deploy:NS/NAME, pod:NS/NAME, ip:ADDR"
          fillsPort
        />
      </Invalid>
      <label className="flex flex-col text-xs font-semibold text-slate-700 dark:text-slate-200">
        Port
        <input
          name="port"
          type="number"
          min={TRACE_LIMITS.port.min}
          max={TRACE_LIMITS.port.max}
          defaultValue={query?.port}
          aria-invalid={isBad('port') || undefined}
          className={`${field} mt-0.5 w-24 font-normal ${isBad('port') ? bad : ''}`}
        />
      </label>
      <label className="flex flex-col text-xs font-semibold text-slate-700 dark:text-slate-200">
        Protocol
        <select
          name="protocol"
          defaultValue={query?.protocol ?? 'TCP'}
          aria-invalid={isBad('protocol') || undefined}
          className={`${field} mt-0.5 font-normal ${isBad('protocol') ? bad : ''}`}
        >
          {PROTOCOLS.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-xs font-semibold text-slate-700 dark:text-slate-200">
        Packet size
        <input
          name="size"
          type="number"
          min={TRACE_LIMITS.size.min}
          max={TRACE_LIMITS.size.max}
          placeholder="full MTU"
          title="IP packet size in bytes; empty means a full-size packet for the source's MTU"
          defaultValue={query?.size}
          aria-invalid={isBad('size') || undefined}
          className={`${field} mt-0.5 w-24 font-normal ${isBad('size') ? bad : ''}`}
        />
      </label>
      <AdvancedFields query={query} />
      <button
        type="submit"
        className="rounded-md bg-blue-700 px-4 py-1.5 text-sm font-semibold text-white hover:bg-blue-800 dark:bg-blue-500 dark:text-slate-950 dark:hover:bg-blue-400"
      >
        Trace
      </button>
    </Form>
  );
}
