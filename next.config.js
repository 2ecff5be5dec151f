// Security headers are set here so every response, including static assets and API
// errors, carries them; the page CSP with its nonce comes from proxy.ts.
// Only the dev server's hot reloading needs eval.
const isDev = process.env.NODE_ENV === 'development';

// The nonce-free policy of lib/server/csp.ts for what proxy.ts does not see (static build
// assets, /api/sources): no inline script at all. The proxy sends the page policy (with a
// per-request nonce) on everything else; a test checks the two agree.
const staticCsp = [
  "default-src 'self'",
  `script-src 'self'${isDev ? " 'unsafe-eval'" : ''}`,
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

const securityHeaders = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];

/** Paths outside proxy.ts's matcher: they carry the static policy from here. */
const unproxiedPaths = ['/_next/static/:path*', '/_next/image', '/favicon.ico', '/api/sources'];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The container image runs Next's standalone server (deploy/Dockerfile sets
  // PACKETPATH_STANDALONE=1); `npm start` serves the ordinary build with `next start`,
  // which does not support standalone output.
  ...(process.env.PACKETPATH_STANDALONE === '1' ? { output: 'standalone' } : {}),
  // A private build directory (e.g. under the ignored e2e-output/) lets one test run
  // build and serve without racing another build in the same checkout.
  ...(process.env.PACKETPATH_DIST_DIR ? { distDir: process.env.PACKETPATH_DIST_DIR } : {}),
  serverExternalPackages: [
    'better-sqlite3',
    '@kubernetes/client-node',
    'pg',
    'piscina',
    'pino',
    'prom-client',
  ],
  poweredByHeader: false,
  // The build type-checks what it ships (app, components, lib); tests, the CLI and the
  // e2e suite are checked by `npm run typecheck`, so a test in progress cannot block a build.
  typescript: { tsconfigPath: 'tsconfig.next.json' },
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      ...unproxiedPaths.map((source) => ({
        source,
        headers: [{ key: 'Content-Security-Policy', value: staticCsp }],
      })),
    ];
  },
};

export default nextConfig;
