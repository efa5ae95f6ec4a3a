import type { Locale } from "~/i18n";

/** Every date a person reads is in Japan time, whatever the server's own time zone. */
export const TIME_ZONE = "Asia/Tokyo";

// Building an Intl.DateTimeFormat costs far more than using one, and a list page formats hundreds
// of dates: keep one formatter per language and style.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}:${withTime}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(locale === "ja" ? "ja-JP" : "en-GB", {
      timeZone: TIME_ZONE,
      year: "numeric",
      month: "long",
      day: "numeric",
      weekday: "short",
      ...(withTime ? { hour: "2-digit", minute: "2-digit" } : {}),
    });
    formatters.set(key, cached);
  }
  return cached;
}

export function formatDate(date: Date | string, locale: Locale): string {
  return formatter(locale, false).format(new Date(date));
}

export function formatDateTime(date: Date | string, locale: Locale): string {
  return formatter(locale, true).format(new Date(date));
}
