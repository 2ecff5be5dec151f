'use client';

import { formatReach, REACH_FORMATS, type ReachFormat } from 'lib/engine/format/reach';
import type { ReachResult } from 'lib/engine/types';
import { DownloadMenu } from './download-menu';
import { downloadBlob } from './download';
import { TEXT_FILES, textBlob } from './text-files';

const LABELS: Readonly<Record<ReachFormat, string>> = {
  csv: 'CSV pairs (src,dst,conn)',
  json: 'JSON pairs',
  yaml: 'YAML pairs',
  txt: 'Plain text (terminal)',
  md: 'Markdown table',
  dot: 'Graphviz DOT graph',
  mermaid: 'Mermaid flowchart',
};
const ORDER: readonly ReachFormat[] = ['csv', 'json', 'yaml', 'txt', 'md', 'dot', 'mermaid'];

/** Every format of the CLI's `reach -o` for the pairs on screen, from the engine's formatters. */
export function ReachExportMenu({ result, stem }: { result: ReachResult; stem: string }) {
  const items = ORDER.filter((f) => REACH_FORMATS.includes(f)).map((format) => ({
    key: format,
    label: LABELS[format],
    run: () =>
      downloadBlob(`${stem}.${TEXT_FILES[format].ext}`, textBlob(format, formatReach(result, format))),
  }));
  return <DownloadMenu items={items} label="Export pairs" />;
}
