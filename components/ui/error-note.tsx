/** A bad-input message, shown in place of a result. */
export function ErrorNote({ title, detail }: { title: string; detail: string }) {
  return (
    <div
      role="alert"
      className="rounded-lg border border-red-300 bg-red-50 px-4 py-3 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <p className="font-semibold">
        <span aria-hidden="true">✖ </span>
        {title.charAt(0).toUpperCase() + title.slice(1)}
      </p>
      <p className="mt-1 text-sm whitespace-pre-wrap">{detail}</p>
    </div>
  );
}
