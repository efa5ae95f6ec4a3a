import { en } from "./en";
import { ja, type MessageKey } from "./ja";

export type { MessageKey };
export const LOCALES = ["ja", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "ja";

const catalogs: Record<Locale, Record<MessageKey, string>> = { ja, en };

export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(ja, value);
}

export function isLocale(value: unknown): value is Locale {
  return value === "ja" || value === "en";
}

export function translator(locale: Locale): Translate {
  const catalog = catalogs[locale];
  return (key, params) => {
    const template = catalog[key] ?? ja[key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}

/** Validation messages travel as catalog keys so they can be shown in the reader's language. */
export function translateMessage(t: Translate, message: string): string {
  return isMessageKey(message) ? t(message) : message;
}
