import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { Header } from 'components/layout/header';
import { ThemeScript } from 'components/layout/theme-script';
import { Providers } from 'components/providers';
import { NONCE_HEADER } from 'lib/server/csp';
import './globals.css';

// Every page reads the current sources (uploads appear at once): nothing is prerendered.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'packetpath', template: '%s · packetpath' },
  description: 'The path a packet takes through a Kubernetes cluster, hop by hop, and where it breaks.',
  // The logo lives with the other static assets in public/.
  icons: { icon: { url: '/icon.svg', type: 'image/svg+xml' } },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Set per request by proxy.ts; Next puts the same nonce on its own scripts.
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  return (
    // The theme class is set by ThemeScript before hydration.
    <html lang="en" suppressHydrationWarning>
      <head>
        <ThemeScript nonce={nonce} />
      </head>
      <body className="min-h-screen font-sans antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 dark:focus:bg-slate-900"
        >
          Skip to content
        </a>
        {/* The second Tab stop: newcomers reach the guided tours without crossing the header. */}
        <a
          href="/tour"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 dark:focus:bg-slate-900"
        >
          Skip to the guided tours
        </a>
        <Providers>
          <Header />
          <main id="main" className="mx-auto max-w-[1600px] px-4 py-4">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
