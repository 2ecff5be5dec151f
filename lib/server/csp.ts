// The Content-Security-Policy of every answer. Pages get a fresh nonce per request: Next
// reads it from the request's CSP header and puts it on every script it renders, and the
// theme script takes it from the x-nonce request header, so no inline script runs without
// it ('unsafe-inline' is gone). 'strict-dynamic' lets those trusted scripts load Next's
// chunks (https://nextjs.org/docs/app/guides/content-security-policy#adding-a-nonce-with-proxy).
// next.config.js sends the nonce-free form (script-src 'self') for what the proxy does not
// see: static build assets and /api/sources. Styles keep 'unsafe-inline': React Flow and
// the layout set style attributes, which a nonce cannot cover.

import { randomBytes } from 'node:crypto';

/** The request header the layout reads the nonce from. */
export const NONCE_HEADER = 'x-nonce';

/** 128 random bits, base64 (the CSP nonce-source grammar allows base64 characters). */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(nonce: string | undefined, dev: boolean): string {
  const scripts = nonce ? ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"] : ["'self'"];
  // Only the dev server's hot reloading needs eval.
  if (dev) scripts.push("'unsafe-eval'");
  return [
    "default-src 'self'",
    `script-src ${scripts.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}
