'use client';

import Link from 'next/link';
import { useEffect, useRef } from 'react';
import type { UploadSummary } from 'lib/server/upload-summary';
import { traceHref } from 'components/trace/trace-href';
import { revealHidden } from 'lib/model/hidden-chars';

const CNI_NAMES: Readonly<Record<string, string>> = {
  calico: 'Calico',
  cilium: 'Cilium',
  flannel: 'flannel',
  unknown: 'CNI not recognised',
};

/** The CNI in words: "Calico, VXLAN always", "flannel, no encapsulation". */
function cniWords(cni: UploadSummary['cni']): string {
  const name = CNI_NAMES[cni.name] ?? cni.name;
  if (cni.name === 'unknown') return name;
  if (cni.overlay === 'none' || cni.mode === 'never') return `${name}, no encapsulation`;
  return `${name}, ${cni.overlay.toUpperCase()}${cni.mode === 'cross-subnet' ? ' across subnets' : ''}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What was just uploaded, and where to go next. */
export function UploadSummaryCard({
  source,
  name,
  summary,
}: {
  source: string;
  name: string;
  summary: UploadSummary;
}) {
  const card = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // The card appears below the drop zone, past the fold at 720 px: bring it into view and
  // move focus to it, so the result of the upload is what the reader (or screen reader) meets.
  useEffect(() => {
    card.current?.scrollIntoView({ block: 'nearest' });
    heading.current?.focus({ preventScroll: true });
  }, [source]);
  const enc = encodeURIComponent(source);
  const { lint } = summary;
  const facts: [string, string][] = [
    ['Nodes', String(summary.nodes)],
    ['CNI', cniWords(summary.cni)],
    ['kube-proxy', summary.kubeProxy === 'ebpf' ? 'replaced by eBPF' : summary.kubeProxy],
    ['Pods', String(summary.pods)],
    ['Services', String(summary.services)],
    ['NetworkPolicies', String(summary.policies)],
    ['Lint', `${plural(lint.error, 'error')}, ${plural(lint.warning, 'warning')}, ${lint.info} info`],
  ];
  return (
    <section
      ref={card}
      aria-labelledby="upload-summary-heading"
      className="space-y-3 rounded-xl border border-emerald-300 bg-emerald-50 p-4 dark:border-emerald-800 dark:bg-emerald-950"
      data-testid="upload-summary"
    >
      <h2
        id="upload-summary-heading"
        ref={heading}
        tabIndex={-1}
        className="font-semibold [overflow-wrap:anywhere] focus:outline-none"
      >
        Uploaded: {revealHidden(name)}
      </h2>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr_max-content_1fr]">
        {facts.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="font-medium text-slate-700 dark:text-slate-300">{k}</dt>
            <dd data-fact={k}>{v}</dd>
          </div>
        ))}
      </dl>
      {summary.ignored.length > 0 && (
        <p className="text-sm">
          <span className="font-medium">Ignored:</span> {summary.ignored.join('; ')}.
        </p>
      )}
      {summary.removed.what.length > 0 && (
        <p className="text-sm" data-testid="upload-removed">
          <span className="font-medium">Removed before storing</span> (from {summary.removed.objects}{' '}
          {summary.removed.objects === 1 ? 'object' : 'objects'}): {summary.removed.what.join(', ')}.
        </p>
      )}
      <div className="space-y-1 text-sm">
        <p className="font-medium">Next</p>
        <ul className="flex flex-wrap gap-x-4 gap-y-1">
          {summary.traces.map((t) => (
            <li key={t.label}>
              <Link href={traceHref(source, t)} className="text-blue-700 underline dark:text-blue-300">
                Trace {t.label}
              </Link>
            </li>
          ))}
          <li>
            <Link href={`/lint?source=${enc}`} className="text-blue-700 underline dark:text-blue-300">
              Lint findings
            </Link>
          </li>
          <li>
            <Link href={`/reach?source=${enc}`} className="text-blue-700 underline dark:text-blue-300">
              Who can reach what
            </Link>
          </li>
          {summary.traces.length === 0 && (
            <li>
              <Link href={`/trace?source=${enc}`} className="text-blue-700 underline dark:text-blue-300">
                Start a trace
              </Link>
            </li>
          )}
        </ul>
      </div>
    </section>
  );
}
