/** Saves `blob` as a file through a temporary link (works for blob: and data: URLs). */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file-name-safe stem from the trace endpoints. */
export function fileStem(from: string, to: string): string {
  const clean = (s: string) =>
    s
      .replace(/^[a-z]+:/, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '');
  return `packetpath-${clean(from)}-to-${clean(to)}`.slice(0, 120);
}
