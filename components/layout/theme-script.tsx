// Sets the theme class before the first paint so a dark-mode reader never sees a
// white flash: the saved choice (localStorage) wins, else prefers-color-scheme.
export const THEME_KEY = 'packetpath-theme';

const script = `(function(){try{var t=localStorage.getItem('${THEME_KEY}');var d=t?t==='dark':window.matchMedia('(prefers-color-scheme: dark)').matches;var e=document.documentElement;e.classList.toggle('dark',d);e.dataset.theme=d?'dark':'light'}catch(_){}})();`;

/** `nonce`: this request's CSP nonce (lib/server/csp.ts); without it the browser refuses the script. */
export function ThemeScript({ nonce }: { nonce: string | undefined }) {
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: script }} />;
}
