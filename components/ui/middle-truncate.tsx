// Kubernetes names differ at the end (`web-5d8f7c9b4-x2k4p` vs `web-5d8f7c9b4-q9z7m`), so
// a long name is cut in the middle: the head shrinks with an ellipsis, the tail stays.
// The full name is the element's title and what assistive technology reads.

/** Where to cut: the last `-`/`/`/`.`-separated part (up to 16 characters), else the last 8. */
export function tailOf(text: string): number {
  const cut = Math.max(text.lastIndexOf('-'), text.lastIndexOf('/'), text.lastIndexOf('.'));
  const tail = cut > 0 ? text.length - cut : 0;
  if (tail >= 3 && tail <= 16 && tail < text.length) return tail;
  return Math.min(8, Math.floor(text.length / 2));
}

export function MiddleTruncate({ text, className = '' }: { text: string; className?: string }) {
  const tail = tailOf(text);
  return (
    <span title={text} className={`inline-flex min-w-0 ${className}`}>
      <span className="sr-only">{text}</span>
      <span aria-hidden="true" className="min-w-0 truncate">
        {text.slice(0, text.length - tail)}
      </span>
      <span aria-hidden="true" className="shrink-0 whitespace-pre">
        {text.slice(text.length - tail)}
      </span>
    </span>
  );
}
