'use client';

import { formatTrace, type TraceFormat } from 'lib/engine/format/trace';
import type { TraceResult } from 'lib/engine/types';
import { DownloadMenu, type DownloadItem } from './download-menu';
import { downloadBlob, fileStem } from './download';
import { pathGraphPng } from './path-png';
import { TEXT_FILES, textBlob } from './text-files';

const LABELS: Readonly<Record<TraceFormat, string>> = {
  md: 'Markdown summary (ticket)',
  json: 'JSON trace',
  yaml: 'YAML trace',
  txt: 'Plain text (terminal)',
  dot: 'Graphviz DOT graph',
  mermaid: 'Mermaid flowchart',
};

/**
 * Export of the trace on screen: PNG of the path graph, and every format of the CLI's
 * `trace -o`, made by the same engine formatters (a download equals `packetpath trace ...
 * -o F`); the Markdown for a ticket also carries the permalink.
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
  const stem = fileStem(result.query?.from ?? 'trace', result.query?.to ?? '');
  const items: DownloadItem[] = [
    {
      key: 'png',
      label: 'PNG image of the path',
      busy: 'Rendering the image…',
      run: async () => downloadBlob(`${stem}.png`, await pathGraphPng()),
    },
    ...(['md', 'json', 'yaml', 'txt', 'dot', 'mermaid'] as const).map((format) => ({
      key: format,
      label: LABELS[format],
      run: () => {
        const text =
          format === 'md'
            ? `${markdown.trimEnd()}\n\nPermalink: ${new URL(permalink ?? window.location.href, window.location.origin).toString()}\n`
            : formatTrace(result, format);
        downloadBlob(`${stem}.${TEXT_FILES[format].ext}`, textBlob(format, text));
      },
    })),
  ];
  return <DownloadMenu items={items} />;
}
