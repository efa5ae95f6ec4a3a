import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";

export interface AuditEvent {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  details?: Record<string, unknown>;
}

/** Call inside the transaction that makes the change, so the log and the change stand or fall together. */
export async function recordAudit(db: Kysely<Database>, event: AuditEvent): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      actor_id: event.actorId,
      action: event.action,
      entity_type: event.entityType,
      entity_id: event.entityId,
      details: JSON.stringify(event.details ?? {}),
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
