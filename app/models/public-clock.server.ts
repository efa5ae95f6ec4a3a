import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema";
import { startOfTokyoDay, tokyoToday } from "../utils/japan-time";

const DAY_MS = 24 * 3600_000;

/**
 * The next moment a public page changes with nobody writing anything: a theme opens or closes
 * (themePhase, the home page's lists), a presentation round's time passes, a partner listing
 * ends (isListingOpen), or the date turns over in Tokyo (days left, milestones overdue). A page
 * cached now is correct until then, or until the next write (app/web/page-cache.server.ts).
 */
export async function nextPublicChange(db: Kysely<Database>, now: Date): Promise<Date> {
  const { rows } = await sql<{ at: Date | string | null }>`
    select min(at) as at from (
      select opens_at as at from themes where opens_at > ${now}
      union all
      select closes_at + interval '1 second' from themes where closes_at + interval '1 second' > ${now}
      union all
      select presentation_at from themes where presentation_at > ${now}
      union all
      select ends_at from partner_listings where ends_at > ${now} and closed_at is null
    ) as instants`.execute(db);
  const tomorrow = startOfTokyoDay(tokyoToday(new Date(now.getTime() + DAY_MS)));
  const at = rows[0]?.at;
  if (at === null || at === undefined) return tomorrow;
  const instant = new Date(at);
  return instant < tomorrow ? instant : tomorrow;
}
