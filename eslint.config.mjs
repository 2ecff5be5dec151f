// ESLint flat config: the JS and typescript-eslint recommended rules, Next.js's rules for
// app/ and components/, and the layer boundaries the architecture names
// (app → components → lib; the engine, model, scenarios and tours stay pure).
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import nextVitals from 'eslint-config-next/core-web-vitals';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Modules a pure layer may never import: UI frameworks, Node built-ins, I/O clients. */
const impureModules = {
  paths: [
    'react',
    'react-dom',
    'next',
    'fs',
    'path',
    'child_process',
    'http',
    'https',
    'better-sqlite3',
    'pg',
  ],
  patterns: ['next/*', 'react-dom/*', '@xyflow/*', 'node:*', '@kubernetes/*'],
};

const pureLayers = ['model', 'engine', 'scenarios', 'tours'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      'e2e-output/**',
      'test-results/**',
      'playwright-report/**',
      'coverage/**',
      'next-env.d.ts',
      'test/fixtures/**',
      'test/peer-suites/**/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...nextVitals.map((config) => ({ ...config, files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}'] })),
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      // The compiler's noUnusedLocals/noUnusedParameters already report these, with `_` escapes.
      '@typescript-eslint/no-unused-vars': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.{ts,tsx,mjs,js}'],
    // Tests and their fixtures builders may reach across layers to set a case up.
    ignores: ['**/*.test.ts', '**/*.test.tsx', '**/testing/**'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { typescript: { project: './tsconfig.json' }, node: true },
      'boundaries/include': ['app/**/*', 'components/**/*', 'lib/**/*', 'proxy.ts'],
      'boundaries/elements': [
        { type: 'app', pattern: 'app' },
        { type: 'components', pattern: 'components' },
        { type: 'model', pattern: 'lib/model' },
        { type: 'engine', pattern: 'lib/engine' },
        { type: 'scenarios', pattern: 'lib/scenarios' },
        { type: 'tours', pattern: 'lib/tours' },
        { type: 'links', pattern: 'lib/links' },
        { type: 'ingest', pattern: 'lib/ingest' },
        { type: 'store', pattern: 'lib/store' },
        { type: 'server', pattern: 'lib/server' },
        // Logs and metrics: used by the server-side layers, never by the pure ones.
        { type: 'ops', pattern: 'lib/ops' },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        2,
        {
          default: 'allow',
          policies: [
            // lib never reaches up into the UI.
            {
              from: {
                element: {
                  types: {
                    anyOf: [
                      'model',
                      'engine',
                      'scenarios',
                      'tours',
                      'links',
                      'ingest',
                      'store',
                      'server',
                      'ops',
                    ],
                  },
                },
              },
              disallow: { to: { element: { types: { anyOf: ['app', 'components'] } } } },
            },
            // components never import pages or routes.
            {
              from: { element: { type: 'components' } },
              disallow: { to: { element: { type: 'app' } } },
            },
            // Components use the server and the store only through types: their code runs in the
            // browser. The header is the one server component that reads the source list.
            {
              from: { element: { type: 'components' }, file: { path: '!components/layout/header.tsx' } },
              disallow: {
                to: { element: { types: { anyOf: ['server', 'store', 'ops'] } } },
                dependency: { kind: 'value' },
              },
            },
            // The pure layers depend only on one another.
            {
              from: { element: { types: { anyOf: pureLayers } } },
              disallow: {
                to: { element: { types: { anyOf: ['links', 'ingest', 'store', 'server', 'ops'] } } },
              },
            },
          ],
        },
      ],
    },
  },
  {
    files: pureLayers.map((layer) => `lib/${layer}/**/*.ts`),
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', impureModules],
      'no-console': 'error',
    },
  },
);
