/**
 * Japanese has no spaces between words, so word-based full-text search (tsvector) cannot find
 * 子ども食堂 inside a sentence, and pg_trgm treats Japanese characters as non-word characters
 * under the C locale that PGlite uses. Instead each searchable row stores the character bigrams
 * of its normalised text in a GIN-indexed array; a query asks for rows holding every bigram of
 * each word (index lookup), then confirms the word really occurs (LIKE on the normalised text).
 * The same SQL runs on PGlite and PostgreSQL with no extension.
 */

/** NFKC (全角ＡＢＣ → ABC, ｶﾅ → カナ), lower case, katakana folded to hiragana, spaces collapsed. */
export function normalizeForSearch(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u30a1-\u30f6]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60))
    .replace(/\s+/g, " ")
    .trim();
}

export function bigrams(normalized: string): string[] {
  const grams = new Set<string>();
  for (const word of normalized.split(" ")) {
    const chars = Array.from(word);
    for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i] + chars[i + 1]);
  }
  return [...grams];
}

export function searchColumns(...parts: (string | null | undefined)[]): {
  search_text: string;
  search_tokens: string[];
} {
  const text = normalizeForSearch(parts.filter(Boolean).join(" "));
  return { search_text: text, search_tokens: bigrams(text) };
}

export interface SearchQuery {
  /** Every bigram of every word: all must be in the row's tokens. */
  tokens: string[];
  /** Each word, escaped for LIKE: each must occur in the row's text. */
  likePatterns: string[];
}

export function parseSearchQuery(query: string | null | undefined): SearchQuery | null {
  const normalized = normalizeForSearch(query ?? "");
  if (!normalized) return null;
  const words = normalized.split(" ").slice(0, 5);
  return {
    tokens: bigrams(words.join(" ")),
    likePatterns: words.map((w) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
  };
}
