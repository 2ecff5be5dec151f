// The CLI's `-o` formats as files: name extension and media type of each.

export const TEXT_FILES = {
  json: { ext: 'json', type: 'application/json' },
  yaml: { ext: 'yaml', type: 'application/yaml' },
  txt: { ext: 'txt', type: 'text/plain;charset=utf-8' },
  md: { ext: 'md', type: 'text/markdown;charset=utf-8' },
  dot: { ext: 'dot', type: 'text/vnd.graphviz;charset=utf-8' },
  mermaid: { ext: 'mmd', type: 'text/plain;charset=utf-8' },
  csv: { ext: 'csv', type: 'text/csv;charset=utf-8' },
} as const;

export type TextFormat = keyof typeof TEXT_FILES;

/** A Blob of `text` with the media type of `format`. */
export function textBlob(format: TextFormat, text: string): Blob {
  return new Blob([text], { type: TEXT_FILES[format].type });
}
