/** Japan has no daylight saving: Tokyo is always UTC+9. */
const TOKYO_OFFSET_MS = 9 * 3600_000;

/** The last second of a calendar day (YYYY-MM-DD) in Japan, as an instant. */
export function endOfTokyoDay(isoDate: string): Date {
  const [y, m, d] = isoDate.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d, 23, 59, 59) - TOKYO_OFFSET_MS);
}

/** Today's date in Japan as YYYY-MM-DD. */
export function tokyoToday(now: Date): string {
  return new Date(now.getTime() + TOKYO_OFFSET_MS).toISOString().slice(0, 10);
}

/** The calendar date in Japan of an instant, as YYYY-MM-DD. */
export function tokyoDate(instant: Date): string {
  return tokyoToday(instant);
}
