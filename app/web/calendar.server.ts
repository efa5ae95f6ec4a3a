import { createEvents, type EventAttributes } from "ics";

/** One moment worth putting in a calendar: a deadline, an opening. */
export interface CalendarMoment {
  /** Stable across downloads, so a calendar updates the event instead of adding a second. */
  uid: string;
  title: string;
  at: Date;
  /** How long before `at` the event starts: a deadline is shown as the half hour leading to it. */
  leadMinutes?: number;
  description: string;
  url: string;
}

/**
 * An iCalendar file (`ics`, a maintained generator) of the given moments, in UTC so every calendar
 * shows them in its own zone — for Japan, the ward's own times.
 */
export function calendarFile(name: string, moments: CalendarMoment[]): Response {
  const events: EventAttributes[] = moments.map((m) => ({
    uid: m.uid,
    title: m.title,
    start: m.at.getTime() - (m.leadMinutes ?? 0) * 60_000,
    startInputType: "utc",
    startOutputType: "utc",
    end: m.at.getTime(),
    endInputType: "utc",
    endOutputType: "utc",
    description: m.description,
    url: m.url,
    productId: "nerima-kyodo-lab",
  }));
  const { error, value } = createEvents(events, { productId: "nerima-kyodo-lab", calName: name });
  if (error || !value) throw error ?? new Error("calendar not built");
  return new Response(value, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="calendar.ics"; filename*=UTF-8''${encodeURIComponent(`${name}.ics`)}`,
      "Cache-Control": "private, max-age=300",
    },
  });
}
