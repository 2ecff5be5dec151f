import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      lib: root('./lib'),
      components: root('./components'),
    },
  },
  test: {
    include: [
      'lib/**/*.test.ts',
      'bin/**/*.test.ts',
      'test/**/*.test.ts',
      'components/**/*.test.ts',
      'app/**/*.test.ts',
      'deploy/**/*.test.ts',
    ],
    exclude: ['node_modules/**', 'e2e/**', '.next/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Request and build logs would bury the test report; tests that check logs set their own level.
    env: { PACKETPATH_LOG_LEVEL: process.env.PACKETPATH_LOG_LEVEL ?? 'warn' },
  },
});
