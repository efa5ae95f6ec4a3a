import { AsyncLocalStorage } from "node:async_hooks";
import type { Locale, MessageKey } from "./index";
import { catalogs, wordLookups } from "./store";

/**
 * The words a page is rendered with travel in the page itself, so a browser hydrates with them
 * and downloads its language's whole catalog (a fifth of a page's JavaScript) only when the person
 * first acts (entry.client.tsx). The render notes every key the translator looks up.
 */
const rendering = new AsyncLocalStorage<Map<Locale, Set<MessageKey>>>();

wordLookups.note = (locale, key) => {
  const used = rendering.getStore();
  if (!used) return;
  const keys = used.get(locale) ?? new Set<MessageKey>();
  used.set(locale, keys.add(key));
};

/** Runs a render, noting the words it uses; `words()` gives them once it has finished. */
export function renderNotingWords<T>(render: () => T): {
  result: T;
  words: () => Partial<Record<Locale, Record<string, string>>>;
} {
  const used = new Map<Locale, Set<MessageKey>>();
  const result = rendering.run(used, render);
  return {
    result,
    words() {
      const words: Partial<Record<Locale, Record<string, string>>> = {};
      for (const [locale, keys] of used) {
        const catalog = catalogs[locale] ?? {};
        const picked: Record<string, string> = {};
        for (const key of keys) {
          const text = catalog[key];
          if (text !== undefined) picked[key] = text;
        }
        words[locale] = picked;
      }
      return words;
    },
  };
}

/** The script that hands the words to entry.client; `<` is escaped so no text can end it early. */
export function pageWordsScript(words: object, nonce: string | undefined): string {
  const json = JSON.stringify(words).replace(/</g, "\\u003c");
  return `<script${nonce ? ` nonce="${nonce}"` : ""}>window.__pageWords=${json}</script>`;
}
