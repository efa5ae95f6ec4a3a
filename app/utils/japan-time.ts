import type { Locale } from "~/i18n";

/**
 * Japan time, in one place. Every date a person reads, every deadline and every calendar day the
 * programme counts is Japan's, whatever the server's own time zone. Japan has no daylight saving:
 * Tokyo is always UTC+9, so plain arithmetic on the offset is exact.
 */
export const TIME_ZONE = "Asia/Tokyo";
const TOKYO_OFFSET_MS = 9 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** The instant shifted so that its UTC fields read as Japan's wall clock. */
export function tokyoWallClock(instant: Date): Date {
  return new Date(instant.getTime() + TOKYO_OFFSET_MS);
}

/** The calendar date in Japan of an instant, as YYYY-MM-DD. */
export function tokyoDate(instant: Date): string {
  return tokyoWallClock(instant).toISOString().slice(0, 10);
}

/** Today's date in Japan as YYYY-MM-DD. */
export function tokyoToday(now: Date): string {
  return tokyoDate(now);
}

/** The calendar year in Japan of an instant. */
export function tokyoYear(instant: Date): number {
  return tokyoWallClock(instant).getUTCFullYear();
}

/**
 * The ward's fiscal year (年度) of an instant: April to March in Japan, named by the year it starts
 * (31 March 2027 belongs to 2026年度, 1 April 2027 to 2027年度).
 */
export function fiscalYear(instant: Date): number {
  const wall = tokyoWallClock(instant);
  return wall.getUTCMonth() < 3 ? wall.getUTCFullYear() - 1 : wall.getUTCFullYear();
}

/** A fiscal year as instants: from 1 April 00:00 up to (not including) the next 1 April, Japan time. */
export function fiscalYearRange(year: number): { from: Date; until: Date } {
  return { from: startOfTokyoDay(`${year}-04-01`), until: startOfTokyoDay(`${year + 1}-04-01`) };
}

/** The start of a calendar day (YYYY-MM-DD) in Japan, as an instant. */
export function startOfTokyoDay(isoDate: string): Date {
  const [y, m, d] = isoDate.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d) - TOKYO_OFFSET_MS);
}

/** The last second of a calendar day (YYYY-MM-DD) in Japan, as an instant. */
export function endOfTokyoDay(isoDate: string): Date {
  const [y, m, d] = isoDate.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d, 23, 59, 59) - TOKYO_OFFSET_MS);
}

/** Calendar days from today to the closing day, counted in Japan (0 on the last day). */
export function daysLeft(closesAt: Date, now: Date): number {
  const day = (d: Date) => Math.floor(tokyoWallClock(d).getTime() / DAY_MS);
  return Math.max(0, day(closesAt) - day(now));
}

/** "YYYY-MM-DDTHH:MM[:SS]" (or with a space for the T) typed by staff, read as Japan time. */
export function parseTokyoDateTime(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  if (y < 1900 || h > 23 || mi > 59 || (s || 0) > 59) return null;
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s || 0) - TOKYO_OFFSET_MS);
  const back = tokyoWallClock(date);
  // Reject dates that do not exist (2月30日) rather than rolling them over.
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return date;
}

/** The value for a datetime-local input, in Japan time; seconds kept when there are any (23:59:59). */
export function toTokyoDateTimeInput(date: Date): string {
  const local = tokyoWallClock(date).toISOString();
  return local.slice(17, 19) === "00" ? local.slice(0, 16) : local.slice(0, 19);
}

/** An instant in Japan time for a spreadsheet cell: 2026-11-20 14:00:05 (sorts as text, reads as a time). */
export function tokyoSpreadsheetTime(date: Date): string {
  return tokyoWallClock(date).toISOString().slice(0, 19).replace("T", " ");
}

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

/** An instant's date in Japan, as people read it (2026年12月1日(火)). */
export function formatDate(date: Date | string, locale: Locale): string {
  return formatter(locale, false).format(new Date(date));
}

/** An instant's date and time in Japan, as people read it. */
export function formatDateTime(date: Date | string, locale: Locale): string {
  return formatter(locale, true).format(new Date(date));
}

/** A calendar day stored as YYYY-MM-DD (a milestone, a deadline), as people read it. */
export function formatPlainDate(isoDate: string, locale: Locale): string {
  return formatDate(startOfTokyoDay(isoDate), locale);
}

const eraFormatter = new Intl.DateTimeFormat("ja-JP-u-ca-japanese", {
  timeZone: TIME_ZONE,
  era: "long",
  year: "numeric",
  month: "long",
  day: "numeric",
});
const westernFormatters = {
  ja: new Intl.DateTimeFormat("ja-JP", { timeZone: TIME_ZONE, year: "numeric", month: "long", day: "numeric" }),
  en: new Intl.DateTimeFormat("en-GB", { timeZone: TIME_ZONE, year: "numeric", month: "long", day: "numeric" }),
};

/** An instant's date in Japan in the Japanese era (和暦), as the ward's documents date them: 令和8年12月1日. */
export function formatEraDate(date: Date | string): string {
  return eraFormatter.format(new Date(date));
}

/** An instant's date in Japan in the Western calendar, without the weekday: 2026年12月1日, 1 December 2026. */
export function formatWesternDate(date: Date | string, locale: Locale): string {
  return westernFormatters[locale].format(new Date(date));
}

const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

/**
 * A notice's parameters as its reader reads them: a calendar day (2026-11-20) or an instant
 * (ISO 8601, UTC) becomes a date in Japanese style, or the English one, in Japan time. Notices
 * store dates in ISO so that each reader — the e-mail, the in-app list — writes them in the
 * reader's language.
 */
export function readableDates<P extends Record<string, string | number>>(params: P, locale: Locale): P {
  const out: Record<string, string | number> = { ...params };
  for (const [name, value] of Object.entries(params)) {
    if (typeof value !== "string") continue;
    if (PLAIN_DATE.test(value)) out[name] = formatPlainDate(value, locale);
    else if (INSTANT.test(value)) out[name] = formatDateTime(value, locale);
  }
  return out as P;
}
