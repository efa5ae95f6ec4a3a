import type { LoaderFunctionArgs } from "@remix-run/node";
import { type MessageKey, translator } from "~/i18n";
import { calendarOwner, personalMoments } from "~/models/personal-calendar.server";
import { services } from "~/services.server";
import { notFound } from "~/utils/http.server";
import { calendarFile } from "~/web/calendar.server";

// Read: whoever holds the secret address (a calendar app polls it without signing in); an unknown
// or replaced one is 404. It names what is ahead for that person only. No writes.
export async function loader({ params }: LoaderFunctionArgs) {
  const { db, config } = services();
  const owner = await calendarOwner(db, params.token ?? "");
  if (!owner) throw notFound();
  const t = translator(owner.locale);
  const moments = await personalMoments(db, owner.id, new Date());
  return calendarFile(
    t("personalCalendar.name"),
    moments.map((m) => {
      const url = `${config.publicUrl}${m.link}`;
      return {
        uid: `${m.kind}-${m.id}@nerima-kyodo-lab`,
        title: t(`personalCalendar.${m.kind}` as MessageKey, {
          title: m.title,
          project: m.kind === "milestone" ? m.project : "",
        }),
        at: m.at,
        leadMinutes: m.kind === "presentation" ? 0 : 30,
        description: t("calendar.description", { url }),
        url,
      };
    }),
  );
}
