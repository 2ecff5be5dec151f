// Severity is shape and color, never color alone: ✖ error, ▲ warning, ● info.
import type { Severity } from 'lib/engine/types';

export const SEVERITY_STYLE: Readonly<
  Record<Severity, { icon: string; label: string; text: string; badge: string; ring: string }>
> = {
  error: {
    icon: '✖',
    label: 'Error',
    text: 'text-red-700 dark:text-red-300',
    badge: 'bg-red-50 text-red-800 border-red-300 dark:bg-red-950 dark:text-red-200 dark:border-red-800',
    ring: 'border-red-600 dark:border-red-400',
  },
  warning: {
    icon: '▲',
    label: 'Warning',
    text: 'text-amber-800 dark:text-amber-300',
    badge:
      'bg-amber-50 text-amber-900 border-amber-300 dark:bg-amber-950 dark:text-amber-200 dark:border-amber-800',
    ring: 'border-amber-500 dark:border-amber-400',
  },
  info: {
    icon: '●',
    label: 'Info',
    text: 'text-blue-700 dark:text-blue-300',
    badge:
      'bg-blue-50 text-blue-800 border-blue-300 dark:bg-blue-950 dark:text-blue-200 dark:border-blue-800',
    ring: 'border-blue-500 dark:border-blue-400',
  },
};

export function SeverityIcon({ severity, className = '' }: { severity: Severity; className?: string }) {
  const s = SEVERITY_STYLE[severity];
  return (
    <span className={`${s.text} ${className}`} role="img" aria-label={s.label}>
      {s.icon}
    </span>
  );
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  const s = SEVERITY_STYLE[severity];
  return (
    <span
      className={`inline-flex items-center gap-1 rounded border px-1.5 py-0.5 text-xs font-semibold ${s.badge}`}
    >
      <span aria-hidden="true">{s.icon}</span>
      {s.label}
    </span>
  );
}
