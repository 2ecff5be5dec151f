'use client';

import { useState } from 'react';
import { formatTrace, type TraceFormat } from 'lib/engine/format/trace';
import { postShare, type ShareRequest } from 'components/api/client';
import type { TraceResult } from 'lib/engine/types';
import { DownloadMenu, type DownloadItem } from './download-menu';
import { downloadBlob, fileStem } from './download';
import { pathGraphPng } from './path-png';
import { captionLines } from './png-caption';
import { TEXT_FILES, textBlob } from './text-files';

const LABELS: Readonly<Record<TraceFormat, string>> = {
  md: 'Markdown summary (ticket, with a share link)',
  json: 'JSON trace',
  yaml: 'YAML trace',
  txt: 'Plain text (terminal)',
  dot: 'Graphviz DOT graph',
  mermaid: 'Mermaid flowchart',
};

/**
 * Export of the trace on screen: PNG of the path graph, and every format of the CLI's
 * `trace -o`, made by the same engine formatters (a download equals `packetpath trace ...
 * -o F`); the Markdown for a ticket also carries the permalink: the share link `/s/ID` of
 * a frozen state, made on first export when the view is not a share already (a page URL
 * would show whatever the source holds by the time someone opens the ticket).
 */
export function ExportMenu({
  result,
  markdown,
  permalink,
  share,
  sourceName,
  takenAt,
}: {
  result: TraceResult;
  markdown: string;
  /** The share link of this view, when it is one. */
  permalink?: string;
  /** What the PNG caption calls the source (its title, else its id). */
  sourceName?: string;
  /** When the state shown was taken (a share's freeze time); default: now. */
  takenAt?: string;
  /** What a share of this view freezes (source, query, changes); the selected hop and replica come from the URL. */
  share?: Omit<ShareRequest, 'view'> & { readonly view?: Readonly<Record<string, string>> };
}) {
  // One share per view and hop: exporting twice reuses the link made the first time.
  const [made] = useState(() => new Map<string, string>());
  const linkOf = async (): Promise<string> => {
    if (permalink) return permalink;
    if (!share) return window.location.href;
    const params = new URL(window.location.href).searchParams;
    const hop = params.get('hop');
    const replica = params.get('replica');
    const view = { ...share.view, ...(hop ? { hop } : {}), ...(replica ? { replica } : {}) };
    const key = JSON.stringify(view);
    const known = made.get(key);
    if (known) return known;
    const created = await postShare({ ...share, view });
    made.set(key, created.url);
    return created.url;
  };
  const stem = fileStem(result.query?.from ?? 'trace', result.query?.to ?? '');
  const items: DownloadItem[] = [
    {
      key: 'png',
      label: 'PNG image of the path',
      busy: 'Rendering the image…',
      run: async () =>
        downloadBlob(
          `${stem}.png`,
          await pathGraphPng(
            document,
            captionLines({
              result,
              source: sourceName ?? share?.source ?? 'packetpath',
              at: takenAt ? new Date(takenAt) : new Date(),
            }),
          ),
        ),
    },
    ...(['md', 'json', 'yaml', 'txt', 'dot', 'mermaid'] as const).map((format) => ({
      key: format,
      label: LABELS[format],
      ...(format === 'md' && !permalink && share ? { busy: 'Freezing the state for the link…' } : {}),
      run: async () => {
        const text =
          format === 'md'
            ? `${markdown.trimEnd()}\n\nPermalink: ${new URL(await linkOf(), window.location.origin).toString()}\n`
            : formatTrace(result, format);
        downloadBlob(`${stem}.${TEXT_FILES[format].ext}`, textBlob(format, text));
      },
    })),
  ];
  return <DownloadMenu items={items} />;
}
