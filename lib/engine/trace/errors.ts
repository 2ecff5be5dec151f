// Errors for bad trace input: an endpoint that does not parse or names nothing in the
// model. They carry what was asked and the closest names, so front ends can suggest.

export class EndpointError extends Error {
  override name = 'EndpointError';
  constructor(
    message: string,
    /** The endpoint text as given. */
    readonly endpoint: string,
    /** Close matches (`pod:shop/web-1`), best first; empty when none. */
    readonly suggestions: readonly string[] = [],
  ) {
    super(suggestions.length ? `${message}; did you mean ${suggestions.join(', ')}?` : message);
  }
}
