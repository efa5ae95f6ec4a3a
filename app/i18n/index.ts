import "./catalogs.server";
import type { MessageKey } from "./ja";
import { type Catalog, catalogChanged, catalogs, held, wordLookups } from "./store";

export type { Catalog, MessageKey };
export const LOCALES = ["ja", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "ja";

function catalogFor(locale: Locale): Catalog {
  const catalog = catalogs[locale] ?? catalogs.ja ?? catalogs.en;
  if (!catalog) throw new Error("No message catalog is loaded");
  return catalog;
}

/** Whether a render in this browser asked for a word it did not hold yet (it showed nothing for it). */
let wordsMissed = false;
/** Whether this browser's pages use staff's wording (the `data-staff-words` mark). */
let staffPages = false;

/** A browser's first page: the words the server rendered it with, all hydration needs. */
export function startWithPageWords(words: Partial<Record<Locale, Catalog>>, staff: boolean): void {
  for (const locale of LOCALES) if (words[locale]) catalogs[locale] = { ...words[locale] };
  staffPages = staff;
}

/** Whether this JavaScript environment holds every word of the language (staff's too when asked). */
export function holdsCatalog(locale: Locale, staff = false): boolean {
  return held.whole.has(locale) && (!staff || held.staff.has(locale));
}

/**
 * Loads one language's whole catalog into a browser, with staff's wording too when `staff`
 * (staff, reviewers and admins: see STAFF_WORDS_ROLES). Pages shown meanwhile re-render with it.
 */
export async function loadCatalog(locale: Locale, staff = false): Promise<void> {
  if (holdsCatalog(locale, staff)) return;
  const [general, staffWords] = await Promise.all([
    held.whole.has(locale)
      ? null
      : locale === "en"
        ? import("./en").then((m) => m.en)
        : import("./ja").then((m) => m.ja),
    staff && !held.staff.has(locale)
      ? locale === "en"
        ? import("./en-staff").then((m) => m.enStaff)
        : import("./ja-staff").then((m) => m.jaStaff)
      : null,
  ]);
  // Added in place: translators made before (useT memoises one per language) see the new words.
  const catalog = catalogs[locale] ?? {};
  catalogs[locale] = catalog;
  if (general) {
    Object.assign(catalog, general);
    held.whole.add(locale);
  }
  if (staffWords) {
    Object.assign(catalog, staffWords);
    held.staff.add(locale);
  }
  // Only a page that lacked a word renders again: re-rendering every page when the words arrive
  // would make React redo a part still hydrating (a lazily loaded form) and lose what was typed in it.
  if (wordsMissed) {
    wordsMissed = false;
    catalogChanged();
  }
}

/** The roles whose pages use staff's wording (ja-staff.ts). */
export const STAFF_WORDS_ROLES: readonly string[] = ["reviewer", "staff", "admin"];

export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** A catalog key's look (`form.required`), for a browser that holds only its first page's words. */
const KEY_SHAPE = /^[a-zA-Z][\w-]*(\.[\w-]+)+$/;

export function isMessageKey(value: string): value is MessageKey {
  // Every catalog holds every key (the i18n test checks): whichever is loaded answers.
  if (Object.hasOwn(catalogFor(DEFAULT_LOCALE), value)) return true;
  const consulted = catalogs[DEFAULT_LOCALE] ? DEFAULT_LOCALE : "en";
  return !holdsCatalog(consulted) && KEY_SHAPE.test(value);
}

export function isLocale(value: unknown): value is Locale {
  return value === "ja" || value === "en";
}

export function translator(locale: Locale): Translate {
  const catalog = catalogFor(locale);
  return (key, params) => {
    wordLookups.note?.(locale, key);
    const found = catalog[key];
    // A browser that holds only its first page's words fetches the rest and renders again.
    const holds = holdsCatalog(locale, staffPages);
    if (found === undefined && !holds) {
      wordsMissed = true;
      void loadCatalog(locale, staffPages);
    }
    const template = found ?? (holds ? key : "");
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}

/** Validation messages travel as catalog keys so they can be shown in the reader's language. */
export function translateMessage(t: Translate, message: string): string {
  return isMessageKey(message) ? t(message) : message;
}
