import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema";

/**
 * Records who (`actor`; null for the site itself) did what (`action`, as `audit.*` in the catalogs
 * names it) to which record (`entity`: its kind and id), with what the page or the export needs to
 * tell the story. Call inside the transaction that makes the change, so the log and the change
 * stand or fall together.
 */
export async function recordAudit(
  db: Kysely<Database>,
  actor: string | null,
  action: string,
  entity: readonly [type: string, id: string],
  details: Record<string, unknown> = {},
): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      actor_id: actor,
      action,
      entity_type: entity[0],
      entity_id: entity[1],
      details: JSON.stringify(details),
    })
    .execute();
}

export async function auditTrail(db: Kysely<Database>, entityType: string, entityId: string) {
  return db
    .selectFrom("audit_log")
    .selectAll()
    .where("entity_type", "=", entityType)
    .where("entity_id", "=", entityId)
    .orderBy("id")
    .execute();
}

/**
 * The newest entries about one thing, with who did them and, where an entry is about a person
 * (a reviewer assigned or taken off), who that was: for a history written in words, not codes.
 */
export async function namedAuditTrail(db: Kysely<Database>, entityType: string, entityId: string, limit: number) {
  return db
    .selectFrom("audit_log as a")
    .leftJoin("users as actor", "actor.id", "a.actor_id")
    .leftJoin("users as subject", (join) => join.on(sql<boolean>`subject.id = a.details->>'reviewer'`))
    .select([
      "a.id",
      "a.action",
      "a.details",
      "a.created_at",
      "actor.name as actor_name",
      "subject.name as subject_name",
    ])
    .where("a.entity_type", "=", entityType)
    .where("a.entity_id", "=", entityId)
    .orderBy("a.id", "desc")
    .limit(limit)
    .execute();
}

/**
 * A named trail as a page shows it: who did what, about whom (a reviewer, or the address invited),
 * which fields changed, and for a decision what was decided. Plain values, ready for the page.
 */
export async function historyEntries(db: Kysely<Database>, entityType: string, entityId: string, limit: number) {
  const trail = await namedAuditTrail(db, entityType, entityId, limit);
  return trail.map((e) => ({
    id: Number(e.id),
    action: e.action,
    at: e.created_at.toISOString(),
    actor: e.actor_name,
    subject: e.subject_name ?? (typeof e.details.email === "string" ? e.details.email : null),
    changed: Array.isArray(e.details.changed) ? e.details.changed.map(String) : [],
    decision:
      e.details.decision === "funded" || e.details.decision === "not_funded"
        ? (e.details.decision as "funded" | "not_funded")
        : null,
    amount: typeof e.details.amount === "number" ? e.details.amount : null,
  }));
}

/**
 * Security events (failed and throttled log-ins, second-factor changes, sessions ended) go to the
 * same log, under `security.*`, about the account concerned; admins read them on /admin/security.
 */
export async function recordSecurityEvent(
  db: Kysely<Database>,
  action: `security.${string}`,
  userId: string | null,
  details: Record<string, unknown> = {},
  actorId: string | null = userId,
): Promise<void> {
  await recordAudit(db, actorId, action, ["user", userId ?? ""], details);
}

export const SECURITY_ACTIONS = [
  "security.login_failed",
  "security.login_throttled",
  "security.second_factor_failed",
  "security.second_factor_throttled",
  "security.two_factor_enabled",
  "security.two_factor_removed",
  "security.recovery_code_used",
  "security.recovery_codes_renewed",
  "security.sessions_ended",
  "user.role_changed",
  "user.password_changed",
  "user.password_reset",
  "user.email_changed",
  "user.email_change_requested",
] as const;

/** The security events, newest first, a page at a time (keyset on id, so deep pages stay cheap). */
export async function securityEvents(db: Kysely<Database>, input: { before: number | null; pageSize: number }) {
  let query = db
    .selectFrom("audit_log as a")
    .leftJoin("users as subject", "subject.id", "a.entity_id")
    .leftJoin("users as actor", "actor.id", "a.actor_id")
    .select([
      "a.id",
      "a.action",
      "a.details",
      "a.created_at",
      "subject.name as subject_name",
      "subject.email as subject_email",
      "actor.name as actor_name",
    ])
    .where("a.action", "in", SECURITY_ACTIONS)
    .orderBy("a.id", "desc")
    .limit(input.pageSize + 1);
  if (input.before !== null) query = query.where("a.id", "<", input.before);
  const rows = await query.execute();
  return { rows: rows.slice(0, input.pageSize), more: rows.length > input.pageSize };
}
