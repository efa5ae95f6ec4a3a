import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { recordAudit } from "./audit.server";

/** A person's own sessions, newest use first, for /me. */
export async function sessionsOf(db: Kysely<Database>, userId: string, now: Date) {
  return db
    .selectFrom("sessions")
    .select(["id", "created_at", "last_seen_at", "user_agent", "client_address"])
    .where("user_id", "=", userId)
    .where("expires_at", ">", now)
    .orderBy("last_seen_at", "desc")
    .limit(50)
    .execute();
}

export async function touchSession(db: Kysely<Database>, sessionId: string, now: Date): Promise<void> {
  await db.updateTable("sessions").set({ last_seen_at: now }).where("id", "=", sessionId).execute();
}

/** Ends every session of the person but `keepSessionId` (null: every one, this too). */
export async function endSessions(
  db: Kysely<Database>,
  input: { userId: string; keepSessionId: string | null },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let query = trx.deleteFrom("sessions").where("user_id", "=", input.userId);
    if (input.keepSessionId) query = query.where("id", "!=", input.keepSessionId);
    const ended = await query.executeTakeFirst();
    await recordAudit(trx, input.userId, "security.sessions_ended", ["user", input.userId], {
      count: Number(ended.numDeletedRows),
      keptCurrent: input.keepSessionId !== null,
    });
    return Number(ended.numDeletedRows);
  });
}

/** A short, readable name for the browser a session began in. */
export function describeUserAgent(userAgent: string | null): string {
  if (!userAgent) return "?";
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
      ? "Firefox"
      : /Chrome\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : null;
  const system = /iPhone|iPad/.test(userAgent)
    ? "iOS"
    : /Android/.test(userAgent)
      ? "Android"
      : /Windows/.test(userAgent)
        ? "Windows"
        : /Mac OS X/.test(userAgent)
          ? "macOS"
          : /Linux/.test(userAgent)
            ? "Linux"
            : null;
  return [browser, system].filter(Boolean).join(" / ") || userAgent.slice(0, 60);
}
