// Characters that change how the text around them looks without showing themselves: the
// explicit bidi formatting characters of Unicode UAX #9 (embeddings, overrides, isolates
// and their terminators, LRM/RLM/ALM) and zero-width spaces, joiners-that-are-not and
// byte-order marks. In a name from a dump they spoof: `invoice\u202efdp.exe` reads
// "invoiceexe.pdf", and an override in a pod name reverses the rest of a command around it
// (the "Trojan Source" class, CVE-2021-42574). Kubernetes names never hold them, so pages
// show each one as a visible code point instead. ZWJ and ZWNJ (U+200D, U+200C) stay: they
// shape emoji and Indic or Persian words in notes and annotations, and do not reorder.

const HIDDEN = /[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** True when the text holds a character `revealHidden` would show. */
export function hasHidden(text: string): boolean {
  HIDDEN.lastIndex = 0;
  return HIDDEN.test(text);
}

/** The text with every hidden formatting character shown as `⟨U+202E⟩`. */
export function revealHidden(text: string): string {
  return text.replace(HIDDEN, (c) => `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`);
}
