import "./catalogs.server";
import type { MessageKey } from "./ja";
import { type Catalog, catalogs } from "./store";

export type { MessageKey };
export const LOCALES = ["ja", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "ja";

function catalogFor(locale: Locale): Catalog {
  const catalog = catalogs[locale] ?? catalogs.ja ?? catalogs.en;
  if (!catalog) throw new Error("No message catalog is loaded");
  return catalog;
}

const withStaffWords = new Set<Locale>();

/**
 * Loads one language's catalog into a browser (the server has both from the start), with staff's
 * wording too when `staff` (staff, reviewers and admins: see STAFF_WORDS_ROLES).
 */
export async function loadCatalog(locale: Locale, staff = false): Promise<void> {
  const [general, staffWords] = await Promise.all([
    catalogs[locale] ? null : locale === "en" ? import("./en").then((m) => m.en) : import("./ja").then((m) => m.ja),
    staff && !withStaffWords.has(locale)
      ? locale === "en"
        ? import("./en-staff").then((m) => m.enStaff)
        : import("./ja-staff").then((m) => m.jaStaff)
      : null,
  ]);
  // Added in place: translators made before (useT memoises one per language) see the new words.
  if (general) catalogs[locale] = Object.assign(catalogs[locale] ?? {}, general);
  if (staffWords) {
    Object.assign(catalogs[locale] ?? {}, staffWords);
    withStaffWords.add(locale);
  }
}

/** The roles whose pages use staff's wording (ja-staff.ts). */
export const STAFF_WORDS_ROLES: readonly string[] = ["reviewer", "staff", "admin"];

export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function isMessageKey(value: string): value is MessageKey {
  // Every catalog holds every key (the i18n test checks): whichever is loaded answers.
  return Object.hasOwn(catalogFor(DEFAULT_LOCALE), value);
}

export function isLocale(value: unknown): value is Locale {
  return value === "ja" || value === "en";
}

export function translator(locale: Locale): Translate {
  const catalog = catalogFor(locale);
  return (key, params) => {
    const template = catalog[key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}

/** Validation messages travel as catalog keys so they can be shown in the reader's language. */
export function translateMessage(t: Translate, message: string): string {
  return isMessageKey(message) ? t(message) : message;
}
