// Cuts every `"managedFields": [...]` out of JSON text before JSON.parse sees it. In a dump
// from the API server managedFields are 40-45 % of the bytes (bench/clusters.ts); parsing
// them only to drop them (strip.ts) costs the parse and then the garbage collector. The
// cut text parses as the same objects minus managedFields, so ingest of a JSON dump costs
// little more than a bare JSON.parse of the whole file.
//
// The scan is safe on any JSON: inside a JSON string a quote is escaped (\"), so the key
// `"managedFields":` can only be matched as a key; the array after it is skipped token by
// token (strings whole, brackets counted). Anything unexpected (no array, unbalanced
// brackets) keeps the text from that point unchanged, and a parse error is always
// reported on the original text by the caller.

const KEY = '"managedFields":';
/** A whole JSON string, a run of other characters, or one bracket. */
const TOKEN = /"[^"\\]*(?:\\.[^"\\]*)*"|[^"[\]{}]+|[[\]{}]/y;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** The index just past the array starting at `i` (a `[`), or -1 when it does not close. */
function arrayEnd(text: string, i: number): number {
  let depth = 0;
  TOKEN.lastIndex = i;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    const s = m[0];
    if (s === '[' || s === '{') depth++;
    else if (s === ']' || s === '}') {
      depth--;
      if (depth === 0) return TOKEN.lastIndex;
    }
  }
  return -1;
}

/** `text` without its managedFields members (and the comma that joined each to its map). */
export function cutManagedFields(text: string): string {
  let at = text.indexOf(KEY);
  if (at === -1) return text;
  const parts: string[] = [];
  let from = 0; // the start of the text not yet copied
  let next = 0; // where the search for the key goes on
  for (; at !== -1; at = text.indexOf(KEY, next)) {
    let i = at + KEY.length;
    next = i;
    while (isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== 91 /* [ */) continue;
    let end = arrayEnd(text, i);
    if (end === -1) break;
    let start = at;
    let j = end;
    while (isSpace(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) === 44 /* , */) end = j + 1;
    else {
      // The last member of its map: drop the comma before it instead.
      let k = start - 1;
      while (k >= 0 && isSpace(text.charCodeAt(k))) k--;
      if (text.charCodeAt(k) === 44) start = k;
    }
    parts.push(text.slice(from, start));
    from = end;
    next = end;
  }
  parts.push(text.slice(from));
  return parts.join('');
}
