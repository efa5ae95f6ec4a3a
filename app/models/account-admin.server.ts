/** The administrator's view of accounts: the list of every account, and each one's role. */
import type { Kysely } from "kysely";
import type { Database, Role } from "../../db/schema";
import { recordAudit } from "./audit.server";

export async function setUserRole(
  db: Kysely<Database>,
  input: { actorId: string; userId: string; role: Role },
): Promise<{ ok: true } | { ok: false; problem: "last_admin" | "not_found" }> {
  return db.transaction().execute(async (trx) => {
    // Lock the admins first so two simultaneous demotions cannot both pass the check.
    const admins = await trx.selectFrom("users").select("id").where("role", "=", "admin").forUpdate().execute();
    const target = await trx
      .selectFrom("users")
      .select(["id", "role"])
      .where("id", "=", input.userId)
      .executeTakeFirst();
    if (!target) return { ok: false as const, problem: "not_found" as const };
    if (target.role === input.role) return { ok: true as const };
    if (target.role === "admin" && admins.length <= 1) return { ok: false as const, problem: "last_admin" as const };
    await trx
      .updateTable("users")
      .set({ role: input.role, updated_at: new Date() })
      .where("id", "=", target.id)
      .execute();
    // Access follows the new role from the next request: the person logs in again, and a role that
    // needs a second factor asks them to set one up then.
    await trx.deleteFrom("sessions").where("user_id", "=", target.id).execute();
    await recordAudit(trx, input.actorId, "user.role_changed", ["user", target.id], {
      from: target.role,
      to: input.role,
    });
    return { ok: true as const };
  });
}

export async function listUsers(db: Kysely<Database>, page: number, pageSize: number) {
  const [rows, total] = await Promise.all([
    db
      .selectFrom("users")
      .select(["id", "name", "email", "role", "email_verified_at", "created_at", "totp_enabled_at"])
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.count) };
}
