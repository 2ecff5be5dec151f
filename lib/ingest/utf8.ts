// Kubernetes objects are UTF-8 text (YAML 1.2 §5.2, JSON RFC 8259 §8.1: "JSON text ...
// MUST be encoded using UTF-8"). A file in another encoding would otherwise be read with
// U+FFFD in place of its bytes and names silently changed; refuse it, naming the file.

import { isUtf8 } from 'node:buffer';
import { IngestError } from './errors';

export function decodeUtf8(bytes: Buffer, file: string): string {
  if (!isUtf8(bytes)) {
    const at = firstInvalidByte(bytes);
    throw new IngestError({
      code: 'UNREADABLE',
      file,
      reason: `is not UTF-8 text (invalid byte 0x${bytes[at]?.toString(16).padStart(2, '0')} at offset ${at}); Kubernetes YAML and JSON are UTF-8: convert the file first (e.g. iconv -f latin1 -t utf-8)`,
    });
  }
  return bytes.toString('utf8');
}

/** Offset of the first byte that starts no valid UTF-8 sequence (computed only for a refused file). */
function firstInvalidByte(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    try {
      // The decoder checks continuation bytes, overlong forms and surrogates.
      decoder.decode(bytes.subarray(i, i + len));
    } catch {
      return i;
    }
    i += len;
  }
  return bytes.length;
}
