// The editor's text ↔ the objects to apply: YAML documents separated by `---`, as
// `kubectl apply -f` reads them. Problems carry character ranges for inline markers.

import { isMap, parseAllDocuments, stringify, type Document } from 'yaml';
import type { KubeObject } from 'lib/model/types';
import type { EditorProblem } from './yaml-editor';

export function objectsToText(objects: readonly KubeObject[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');
}

export interface ParsedText {
  readonly objects: readonly KubeObject[];
  readonly problems: readonly EditorProblem[];
  /** The YAML documents that held an object, in order: `documents[i]` is `objects[i]`'s. */
  readonly documents: readonly Document.Parsed[];
}

export function parseChangesText(text: string): ParsedText {
  const objects: KubeObject[] = [];
  const problems: EditorProblem[] = [];
  const documents: Document.Parsed[] = [];
  for (const doc of parseAllDocuments(text, { uniqueKeys: true })) {
    const [from, , to] = doc.range;
    for (const e of doc.errors)
      problems.push({ from: e.pos[0], to: e.pos[1], message: e.message.split('\n')[0]! });
    if (doc.errors.length > 0 || doc.contents === null) continue;
    if (!isMap(doc.contents)) {
      problems.push({
        from,
        to,
        message: 'expected a Kubernetes object (a map with apiVersion, kind and metadata)',
      });
      continue;
    }
    const value = doc.toJS({ maxAliasCount: 50 }) as Record<string, unknown>;
    const meta = value.metadata as Record<string, unknown> | undefined;
    if (
      typeof value.kind !== 'string' ||
      typeof value.apiVersion !== 'string' ||
      typeof meta?.name !== 'string'
    ) {
      problems.push({ from, to, message: 'an object to apply needs apiVersion, kind and metadata.name' });
      continue;
    }
    objects.push(value as unknown as KubeObject);
    documents.push(doc);
  }
  return { objects, problems, documents };
}

/** `spec.ingress[0].from` → ['spec', 'ingress', 0, 'from']. */
function pathSegments(field: string): (string | number)[] {
  return [...field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}

/**
 * Places the server's field errors (`changes.apply[2].spec.podSelector.matchLabels`) on the
 * node they name in the editor's text, or on the whole document when the path is not there.
 */
export function serverProblems(
  parsed: ParsedText,
  problems: readonly { field?: string; message: string; reason?: string }[],
): EditorProblem[] {
  const out: EditorProblem[] = [];
  for (const p of problems) {
    const m = /^changes\.apply\[(\d+)\]\.?(.*)$/.exec(p.field ?? '');
    const doc = m ? parsed.documents[Number(m[1])] : undefined;
    if (!m || !doc) continue;
    const node = m[2] ? doc.getIn(pathSegments(m[2]), true) : undefined;
    const range = (node as { range?: [number, number, number] } | undefined)?.range ?? doc.range;
    out.push({ from: range[0], to: range[1], message: p.reason ?? p.message });
  }
  return out;
}
