// Security headers are set here (not in middleware) so every response, including
// static assets and API errors, carries them.
const isProd = process.env.NODE_ENV === 'production';

const csp = [
  "default-src 'self'",
  // Next's inline bootstrap scripts need 'unsafe-inline'; eval is only allowed in dev (HMR).
  `script-src 'self' 'unsafe-inline'${isProd ? '' : " 'unsafe-eval'"}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The container image runs Next's standalone server (deploy/Dockerfile sets
  // PACKETPATH_STANDALONE=1); `npm start` serves the ordinary build with `next start`,
  // which does not support standalone output.
  ...(process.env.PACKETPATH_STANDALONE === '1' ? { output: 'standalone' } : {}),
  // A private build directory (e.g. under the ignored e2e-output/) lets one test run
  // build and serve without racing another build in the same checkout.
  ...(process.env.PACKETPATH_DIST_DIR ? { distDir: process.env.PACKETPATH_DIST_DIR } : {}),
  serverExternalPackages: ['better-sqlite3', '@kubernetes/client-node', 'pg', 'pino', 'prom-client'],
  poweredByHeader: false,
  // The build type-checks what it ships (app, components, lib); tests, the CLI and the
  // e2e suite are checked by `npm run typecheck`, so a test in progress cannot block a build.
  typescript: { tsconfigPath: 'tsconfig.next.json' },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'Content-Security-Policy', value: csp },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
        ],
      },
    ];
  },
};

export default nextConfig;
