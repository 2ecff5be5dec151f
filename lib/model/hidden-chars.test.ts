// The bidi formatting characters are those of Unicode UAX #9 §2 "Explicit Directional
// Formatting Characters" (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI) and the implicit marks
// LRM, RLM and ALM (https://www.unicode.org/reports/tr9/#Directional_Formatting_Characters);
// the Trojan Source paper (CVE-2021-42574, https://trojansource.codes/) reorders text with them.
import { describe, expect, it } from 'vitest';
import { hasHidden, revealHidden } from './hidden-chars';

describe('revealHidden', () => {
  it('shows every bidi formatting character of UAX #9 as its code point', () => {
    const bidi = [
      0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x61c,
    ];
    for (const cp of bidi) {
      const text = `a${String.fromCodePoint(cp)}b`;
      expect(hasHidden(text)).toBe(true);
      expect(revealHidden(text)).toBe(`a⟨U+${cp.toString(16).toUpperCase().padStart(4, '0')}⟩b`);
    }
  });

  it('shows zero-width spaces, word joiners and byte-order marks; keeps ZWJ, ZWNJ and plain text', () => {
    expect(revealHidden('web\u200b-1\u2060\ufeff')).toBe('web⟨U+200B⟩-1⟨U+2060⟩⟨U+FEFF⟩');
    expect(revealHidden('invoice\u202efdp.exe')).toBe('invoice⟨U+202E⟩fdp.exe');
    const kept = 'shop/web-1 👩\u200d💻 می\u200cخواهم שלום';
    expect(hasHidden(kept)).toBe(false);
    expect(revealHidden(kept)).toBe(kept);
  });

  it('answers the same on repeated calls (no regex state carried over)', () => {
    expect([hasHidden('a\u202e'), hasHidden('a\u202e'), hasHidden('plain')]).toEqual([true, true, false]);
  });
});
